"""연습 10: Keras의 콜백 (callbacks): ModelCheckpoint, ReduceLROnPlateau, EarlyStopping.

콜백은 ``model.fit(..., callbacks=[...])``가 학습 중 정해진 때, 즉 에포크와 배치가 시작하고
끝날 때마다 호출하는 객체입니다. 에포크가 끝나면 그 에포크의 지표를 담은 ``logs``
딕셔너리(예: ``{"loss": 0.41, "acc": 0.87, "val_loss": 0.45, "val_acc": 0.85}``)를 받아,
모델을 저장하거나 학습률을 바꾸거나 학습을 멈출 수 있습니다.

노트는 Keras에 들어 있는 콜백 세 가지로 학습하며, 셋 다 ``val_loss``를 지켜봅니다.

- ``ModelCheckpoint``는 에포크마다 가중치를 파일로 저장합니다. 파일 이름은 템플릿
  ``"weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"``를 ``str.format``으로
  채운 것입니다. 이름에 들어가는 에포크는 Keras가 출력하는 대로 1부터 셉니다("Epoch 1/20"이면
  ``weights.001-...``를 씀). 나머지 필드는 그 에포크의 logs에서 오므로, ``{acc}``가 있으려면
  모델을 ``metrics=["acc"]``로 컴파일해야 합니다. ``save_weights_only=True``는 가중치만
  저장하고(이때 Keras는 이름이 ``.weights.h5``로 끝나야 한다고 요구합니다),
  ``save_best_only=False``는 가장 좋은 에포크만이 아니라 모든 에포크의 파일을 남깁니다.
- ``ReduceLROnPlateau``는 지켜보는 값이 ``patience`` 에포크 동안 나아지지 않으면 학습률에
  ``factor``(0.1이면 10분의 1)를 곱합니다.
- ``EarlyStopping``은 ``patience`` 에포크 동안 개선이 없으면 학습을 멈춥니다.

``mode``는 어느 쪽이 더 좋은지를 정합니다. 손실과 오차는 ``"min"``, 정확도와 AUC는
``"max"``이고, ``"auto"``이면 Keras가 지표를 보고 정합니다. 어떤 에포크가 지금까지의
최적값보다 ``min_delta``보다 크게 좋아야만 개선으로 칩니다(같은 값은 개선이 아님). 개선이
없는 에포크마다 "대기(wait)"가 1씩 늘고, 개선이 있으면 0으로 돌아갑니다.

make_callbacks는 노트의 콜백을 만들고, 나머지 네 함수는 Keras의 콜백이 하는 일을 순수
파이썬으로 예측합니다. 그러면 학습이 정확히 언제 멈출지 알 수 있습니다.
"""

import keras

CHECKPOINT_TEMPLATE = "weights.{epoch:03d}-{val_loss:.4f}-{acc:.4f}.weights.h5"


def make_callbacks(checkpoint_dir, lr_patience=2, stop_patience=3):
    """노트의 콜백 세 개를 체크포인트, 학습률 감소, 조기 종료 순서로 반환합니다.

    - ``keras.callbacks.ModelCheckpoint``: ``checkpoint_dir`` 안의 파일 경로
      ``CHECKPOINT_TEMPLATE``, monitor ``"val_loss"``, ``save_weights_only=True``,
      ``save_best_only=False``, ``mode="min"``.
    - ``keras.callbacks.ReduceLROnPlateau``: monitor ``"val_loss"``, ``factor=0.1``,
      ``patience=lr_patience``, ``mode="min"``.
    - ``keras.callbacks.EarlyStopping``: monitor ``"val_loss"``, ``patience=stop_patience``,
      ``mode="min"``.

    매개변수
    --------
    checkpoint_dir : str
        체크포인트 파일을 넣을 폴더(아직 없어도 됩니다. Keras가 만듭니다).
    lr_patience : int
        학습률을 줄이기 전까지 개선 없이 기다리는 에포크 수.
    stop_patience : int
        학습을 멈추기 전까지 개선 없이 기다리는 에포크 수.

    반환값
    ------
    keras.callbacks.Callback 리스트
        ``model.fit(..., callbacks=make_callbacks("checkpoints"))``에 바로 쓸 수 있는
        ``[ModelCheckpoint, ReduceLROnPlateau, EarlyStopping]``.
    """
    # TODO: 위 설정으로 콜백 세 개를 만들어 리스트로 반환하세요.
    raise NotImplementedError


def checkpoint_path(template, epoch, logs):
    """에포크가 끝난 뒤 ModelCheckpoint가 쓰는 파일 이름.

    매개변수
    --------
    template : str
        ``CHECKPOINT_TEMPLATE`` 같은 ModelCheckpoint 파일 경로. ``{epoch}``와 ``logs``의
        키 이름을 딴 필드가 들어 있습니다(``:03d``나 ``:.4f`` 같은 서식 지정 가능).
    epoch : int
        Keras가 출력하는 대로 1부터 센 에포크 번호(첫 에포크가 1).
    logs : str -> float 딕셔너리
        그 에포크의 logs. 템플릿이 쓰지 않는 키는 무시합니다.

    반환값
    ------
    str

    예시
    ----
    >>> checkpoint_path(CHECKPOINT_TEMPLATE, 1, {"loss": 1.3, "acc": 0.34375, "val_loss": 1.34})
    'weights.001-1.3400-0.3438.weights.h5'
    """
    # TODO: Keras와 같은 방식으로 템플릿을 채우세요.
    raise NotImplementedError


def infer_mode(monitor):
    """지켜보는 지표에 대해 ``mode="auto"``가 정하는 값, ``"min"`` 또는 ``"max"``.

    ``loss``, ``mae``, ``mse``는 ``"min"``, ``acc``, ``accuracy``, ``auc``는 ``"max"``이고,
    검증용 이름(``val_loss``, ``val_acc``, ...)도 마찬가지입니다.

    매개변수
    --------
    monitor : str

    반환값
    ------
    str
        ``"min"`` 또는 ``"max"``.

    예외
    ----
    ValueError
        모르는 이름에는 이 예외를 권장합니다("mode를 직접 지정하세요").
    """
    # TODO: "val_" 접두사를 떼고, 지표 이름으로 정하세요.
    raise NotImplementedError


def early_stopping_epoch(values, patience, mode="min", min_delta=0.0):
    """EarlyStopping이 학습을 멈추는 에포크(0부터 센 번호), 또는 None.

    에포크마다 적용하는 Keras의 규칙: 첫 값은 언제나 개선입니다. 그 뒤로는 지금까지의
    최적값보다 min_delta보다 크게 좋아야 개선입니다(``"min"``이면 ``value + min_delta
    < best``, ``"max"``이면 ``value - min_delta > best``. 같은 값은 개선이 아님). 개선이
    있으면 best를 바꾸고 대기를 0으로 돌리며, 그렇지 않은 에포크마다 대기에 1을 더하고,
    ``wait >= patience``가 되는 즉시 학습을 멈춥니다(첫 에포크 뒤에는 절대 멈추지 않음).

    매개변수
    --------
    values : float 시퀀스
        에포크마다 지켜본 지표 값(예: ``history.history["val_loss"]``).
    patience : int
        개선 없이 참아 줄 에포크 수, 0 이상.
    mode : {"min", "max"}
    min_delta : float
        개선으로 칠 가장 작은 변화, 0 이상.

    반환값
    ------
    int 또는 None
        마지막으로 실행한 에포크의 인덱스. 모든 에포크를 다 돌면 None.

    예시
    ----
    >>> early_stopping_epoch([1.0, 0.9, 0.95, 0.9, 0.89, 0.91, 0.92, 0.93], patience=2)
    3
    """
    # TODO: 값을 차례로 보며 best와 wait를 추적하세요.
    raise NotImplementedError


def reduce_lr_schedule(values, lr, factor=0.1, patience=10, mode="min", min_delta=1e-4, min_lr=0.0):
    """ReduceLROnPlateau(cooldown 0)에서 에포크마다 적용되는 학습률.

    에포크마다 적용하는 Keras의 규칙: early_stopping_epoch와 똑같이, 지금까지의 최적값보다
    min_delta보다 크게 좋아야 개선입니다(첫 값은 언제나 개선). 개선이 있으면 best를 바꾸고
    대기를 0으로 돌립니다. 그렇지 않으면 대기가 1 늘고, ``wait >= patience``가 되면
    (``lr > min_lr``일 때) 학습률이 ``max(lr * factor, min_lr)``가 되고 대기가 0부터 다시
    시작합니다. 어떤 에포크의 학습률에는 그 에포크에서 줄어든 것까지 반영합니다.

    매개변수
    --------
    values : float 시퀀스
        에포크마다 지켜본 지표 값.
    lr : float
        첫 에포크 전의 학습률.
    factor : float
        한 번 줄일 때 곱하는 값, 1보다 작음.
    patience : int
        학습률을 줄이기 전까지 개선 없이 기다리는 에포크 수, 0 이상.
    mode : {"min", "max"}
    min_delta : float
        개선으로 칠 가장 작은 변화(기본값이 1e-4라는 점에 주의).
    min_lr : float
        학습률은 이 값 아래로 내려가지 않습니다.

    반환값
    ------
    float 리스트
        값마다 학습률 하나.

    예시
    ----
    >>> reduce_lr_schedule([1.0, 0.9, 0.95, 0.96, 0.85], lr=0.1, factor=0.5, patience=2)
    [0.1, 0.1, 0.1, 0.05, 0.05]
    """
    # TODO: 값을 차례로 보며 best와 wait를 추적하고, 에포크마다 lr을 기록하세요.
    raise NotImplementedError
