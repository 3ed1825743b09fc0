"""연습 05: 신경망 학습을 위한 최적화 (optimization) 알고리즘.

기본 SGD는 모든 방향으로 같은 크기만큼 움직이므로, 완만한 비탈에서는 느리고 가파르고
좁은 골짜기에서는 양옆으로 진동합니다. 더 나은 옵티마이저는 단계 사이에 상태를
기억합니다. 모멘텀은 속도를 누적해 방향을 부드럽게 하고, Adagrad와 RMSprop은 각 좌표의
이동 폭을 지난 기울기의 (점점 잊히는) 제곱 평균 제곱근으로 나누어 파라미터마다 실제
학습률이 따로 정해지게 합니다. Adam은 모멘텀과 RMSprop식 크기 조절을 합치고, 0에서
시작한 평균의 편향을 보정합니다.

여기 있는 옵티마이저는 모두 인터페이스가 같습니다::

    next_w, config = update(w, dw, config=None)

``config``는 하이퍼파라미터와 옵티마이저의 상태를 담은 딕셔너리입니다. 빠진
하이퍼파라미터는 기본값으로 채우고(``config.setdefault(...)``), 빠진 상태는
``np.zeros_like(w)``로 만들고, 새 상태를 ``config``에 다시 넣어 반환하세요. 그래야
호출하는 쪽이 다음 호출에 넘길 수 있습니다. ``config``는 직접 수정해도 되지만 ``w``는
수정하면 안 되며, 새 배열을 반환해야 합니다.

여기 있는 것은 교과서에 나오는 형태입니다. ``keras.optimizers``와 비교해 보면 SGD와
모멘텀 SGD는 일치하지만, 나머지는 Keras가 세부 사항에서 다르므로(각 독스트링 참고)
마지막 자릿수가(기울기가 epsilon에 가까우면 그 이상이) 달라집니다.
"""

import numpy as np


def sgd(w, dw, config=None):
    """기본 확률적 경사 하강법: ``next_w = w - learning_rate * dw``.

    매개변수
    --------
    w : numpy.ndarray, 모양 무관
        현재 파라미터. 직접(in-place) 수정하면 안 됩니다.
    dw : numpy.ndarray, w와 같은 모양
        w에 대한 손실의 기울기.
    config : dict 또는 None
        하이퍼파라미터: ``learning_rate``(기본값 1e-2). 상태는 없습니다.

    반환값
    ------
    next_w : numpy.ndarray, w와 같은 모양
    config : dict
        기본값을 채운 config.

    예시
    ----
    >>> next_w, config = sgd(np.array([1.0, 2.0]), np.array([10.0, -10.0]))
    >>> next_w, config["learning_rate"]
    (array([0.9, 2.1]), 0.01)
    """
    # TODO: 기본값을 채우고 next_w를 계산하세요.
    raise NotImplementedError


def sgd_momentum(w, dw, config=None):
    """모멘텀 SGD.

    ::

        v = momentum * v - learning_rate * dw
        next_w = w + v

    ``keras.optimizers.SGD(learning_rate, momentum)``와 정확히 같습니다.

    매개변수
    --------
    w : numpy.ndarray, 모양 무관
        현재 파라미터. 직접(in-place) 수정하면 안 됩니다.
    dw : numpy.ndarray, w와 같은 모양
        기울기.
    config : dict 또는 None
        하이퍼파라미터 ``learning_rate``(기본값 1e-2)와 ``momentum``(기본값 0.9),
        상태 ``velocity``(w와 같은 모양, 0에서 시작).

    반환값
    ------
    next_w : numpy.ndarray, w와 같은 모양
    config : dict
        새 ``velocity``를 담은 config.
    """
    # TODO: 기본값을 채우고, 속도가 없으면 만들고, 속도와 w를 갱신하세요.
    raise NotImplementedError


def adagrad(w, dw, config=None):
    """Adagrad: 좌표마다 기울기 제곱의 누적합의 제곱근으로 나눕니다.

    ::

        cache = cache + dw**2
        next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

    Keras의 ``Adagrad``는 다릅니다. epsilon을 제곱근 안에 넣고(``sqrt(cache + epsilon)``),
    누적값을 0이 아닌 ``initial_accumulator_value=0.1``에서 시작하며(처음 몇 단계에서
    차이가 가장 큼), 기본값이 ``learning_rate=1e-3``, ``epsilon=1e-7``입니다.

    매개변수
    --------
    w : numpy.ndarray, 모양 무관
        현재 파라미터. 직접(in-place) 수정하면 안 됩니다.
    dw : numpy.ndarray, w와 같은 모양
        기울기.
    config : dict 또는 None
        하이퍼파라미터 ``learning_rate``(기본값 1e-2)와 ``epsilon``(기본값 1e-8),
        상태 ``cache``(w와 같은 모양, 0에서 시작).

    반환값
    ------
    next_w : numpy.ndarray, w와 같은 모양
    config : dict
        새 ``cache``를 담은 config.
    """
    # TODO: 기본값을 채우고, 캐시가 없으면 만들고, 누적한 뒤 한 단계 이동하세요.
    raise NotImplementedError


def rmsprop(w, dw, config=None):
    """RMSprop: Adagrad와 비슷하지만 dw**2의 지수 이동 평균을 씁니다.

    ::

        cache = decay_rate * cache + (1 - decay_rate) * dw**2
        next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)

    Keras의 ``RMSprop``은 다릅니다. epsilon을 제곱근 안에 넣고(``sqrt(cache + epsilon)``),
    기본값이 ``learning_rate=1e-3``, ``rho=0.9``(여기서의 decay_rate), ``epsilon=1e-7``
    입니다.

    매개변수
    --------
    w : numpy.ndarray, 모양 무관
        현재 파라미터. 직접(in-place) 수정하면 안 됩니다.
    dw : numpy.ndarray, w와 같은 모양
        기울기.
    config : dict 또는 None
        하이퍼파라미터 ``learning_rate``(기본값 1e-2), ``decay_rate``(기본값 0.99),
        ``epsilon``(기본값 1e-8), 상태 ``cache``(w와 같은 모양, 0에서 시작).

    반환값
    ------
    next_w : numpy.ndarray, w와 같은 모양
    config : dict
        새 ``cache``를 담은 config.
    """
    # TODO: 기본값을 채우고, 캐시가 없으면 만들고, 감쇠 평균을 낸 뒤 한 단계 이동하세요.
    raise NotImplementedError


def adam(w, dw, config=None):
    """Adam: 모멘텀에 RMSprop식 크기 조절을 더하고 편향을 보정합니다.

    ``t``는 갱신 횟수입니다. 쓰기 *전에* 1 늘려서 첫 호출이 t = 1을 쓰게 하세요
    (t = 0이면 편향 보정에서 0으로 나누게 됩니다)::

        t = t + 1
        m = beta1 * m + (1 - beta1) * dw
        v = beta2 * v + (1 - beta2) * dw**2
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

    Keras의 ``Adam``은 논문의 "효율적인" 형태
    ``w - learning_rate * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) + epsilon)``
    을 씁니다. 위 공식에서 epsilon을 ``epsilon / sqrt(1 - beta2**t)``로 바꾼 것과 같고
    (그래서 처음 몇 단계에서는 epsilon의 영향이 더 큽니다),
    기본값은 ``epsilon=1e-7``입니다. 보통의 기울기에서는 두 식이 1e-6 정도까지 일치하며,
    ``sqrt(v)``가 epsilon에 가까울 때만 눈에 띄게 달라집니다.

    매개변수
    --------
    w : numpy.ndarray, 모양 무관
        현재 파라미터. 직접(in-place) 수정하면 안 됩니다.
    dw : numpy.ndarray, w와 같은 모양
        기울기.
    config : dict 또는 None
        하이퍼파라미터 ``learning_rate``(기본값 1e-3), ``beta1``(기본값 0.9),
        ``beta2``(기본값 0.999), ``epsilon``(기본값 1e-8), 상태 ``m``과 ``v``(w와 같은
        모양, 0에서 시작), ``t``(0에서 시작).

    반환값
    ------
    next_w : numpy.ndarray, w와 같은 모양
    config : dict
        새 ``m``, ``v``, ``t``를 담은 config.

    예시
    ----
    첫 단계에서는 기울기의 크기와 상관없이 모든 좌표가 대략 learning_rate만큼 움직입니다.

    >>> next_w, config = adam(np.zeros(2), np.array([0.5, -200.0]))
    >>> next_w.round(6), config["t"]
    (array([-0.001,  0.001]), 1)
    """
    # TODO: 기본값을 채우고, m, v, t가 없으면 만들고, t를 늘리고, m과 v를 갱신한 뒤 이동하세요.
    raise NotImplementedError
