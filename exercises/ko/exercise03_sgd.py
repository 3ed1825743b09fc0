"""연습 03: 미니배치 확률적 경사 하강법 (stochastic gradient descent).

경사 하강법은 파라미터를 손실의 기울기 반대 방향으로 조금씩 옮깁니다:
``theta <- theta - lr * grad``. 데이터가 크면 전체 데이터로 기울기를 계산하기가 느리므로,
확률적 경사 하강법은 무작위로 뽑은 작은 부분 집합, 즉 미니배치로 기울기를 추정합니다.
모든 미니배치를 한 번씩 훑는 것이 한 에포크입니다. 배치가 매번 달라지도록 데이터를 다시
섞기 때문에 기울기 추정은 노이즈가 심하지만 계산량이 적고, 실제로 모든 딥러닝 신경망이
이렇게 학습합니다.

필요한 계산과 학습 루프를 NumPy로 구현하세요.

1. ``iterations_per_epoch`` -- 한 에포크에 갱신을 몇 번 하는지
2. ``minibatches`` -- (섞은) 데이터를 미니배치로 잘라 주는 제너레이터
3. ``sgd_step`` -- 파라미터 딕셔너리에 대한 경사 하강 갱신 한 번
4. ``train_linear_regression`` -- 위 함수들을 모아 평균 제곱 오차를 최소화하여
   ``y ~ X @ w + b``를 학습

전달받은 배열은 절대 직접 수정하지 말고, 새 배열을 반환하세요.
"""

import numpy as np


def iterations_per_epoch(n_samples, batch_size, drop_last=False):
    """한 에포크의 미니배치 수(갱신 횟수)를 반환합니다.

    ``ceil(n_samples / batch_size)``이고, ``drop_last``가 참이면
    ``floor(n_samples / batch_size)``입니다(이때는 크기가 모자란 마지막 배치를 건너뜀).
    정수 연산(``//``)을 쓰세요. 부동소수점 나눗셈은 n이 크면 정확하지 않습니다
    (n이 10**9 이상이어도 정확해야 합니다).

    매개변수
    --------
    n_samples : int
        학습 샘플 수, 0 이상.
    batch_size : int
        미니배치 하나의 샘플 수, 1 이상.
    drop_last : bool, 기본값 False
        크기가 모자란 마지막 배치를 버릴지 여부.

    반환값
    ------
    int

    예외
    ----
    ValueError
        ``batch_size < 1``이거나 ``n_samples < 0``일 때.

    예시
    ----
    >>> iterations_per_epoch(1000, 100)
    10
    >>> iterations_per_epoch(1001, 100), iterations_per_epoch(1001, 100, drop_last=True)
    (11, 10)
    """
    # TODO: 인자를 검사한 뒤 정수 연산만으로 올림 또는 내림하세요.
    raise NotImplementedError


def minibatches(X, y, batch_size, shuffle=True, seed=None):
    """데이터 세트를 한 번 훑는 ``(X_batch, y_batch)`` 쌍을 차례로 내줍니다.

    모든 샘플은 정확히 한 배치에 들어가고, ``X_batch``의 i번째 행은 여전히 ``y_batch``의
    i번째 원소와 짝을 이룹니다. 마지막 배치를 빼면 모든 배치에 샘플이 ``batch_size``개씩
    들어가며, 마지막 배치에는 남은 샘플이 들어갑니다. ``shuffle=False``이면 샘플의 원래
    순서를 지킵니다. ``shuffle=True``이면 순서를
    ``np.random.default_rng(seed).permutation(len(X))``에서 뽑아, 같은 시드면 언제나 같은
    배치가 나오게 하세요.

    이 함수는 제너레이터이므로 ``yield``를 쓰세요. 파이썬은 제너레이터의 본문을 처음
    반복할 때에야 실행하므로, ValueError도 그때 발생해도 됩니다.

    매개변수
    --------
    X : array_like, 모양 (n, ...)
        샘플.
    y : array_like, 모양 (n, ...)
        샘플마다 하나씩 있는 타깃.
    batch_size : int
        배치 하나의 샘플 수, 1 이상.
    shuffle : bool, 기본값 True
        샘플을 먼저 섞을지 여부.
    seed : int, numpy.random.Generator 또는 None, 기본값 None
        ``np.random.default_rng``에 넘길 시드(Generator를 받으면 그대로 돌려줌).

    생성값
    ------
    tuple (모양 (m, ...)인 numpy.ndarray, 모양 (m, ...)인 numpy.ndarray)
        m <= batch_size개 샘플로 된 배치와 그 타깃.

    예외
    ----
    ValueError
        ``len(X) != len(y)``이거나 ``batch_size < 1``일 때.

    예시
    ----
    >>> X, y = np.arange(10).reshape(5, 2), np.arange(5)
    >>> [yb.tolist() for _, yb in minibatches(X, y, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    """
    # TODO: 검사한 뒤 인덱스 순서(np.arange 또는 순열)를 만들고 batch_size 간격으로 자르세요.
    raise NotImplementedError


def sgd_step(params, grads, lr):
    """경사 하강 단계를 한 번 거친 파라미터를 반환합니다.

    결과는 새 딕셔너리 ``{k: params[k] - lr * grads[k]}``이며, 입력 딕셔너리와 그 안의
    배열은 바뀌지 않습니다.

    매개변수
    --------
    params : str -> numpy.ndarray 딕셔너리
        현재 파라미터. 예: ``{"w": 모양 (d,)인 배열, "b": 0.0}``.
    grads : str -> numpy.ndarray 딕셔너리
        손실의 기울기. ``params``와 키와 모양이 같습니다.
    lr : float
        학습률.

    반환값
    ------
    str -> numpy.ndarray 딕셔너리
        갱신한 파라미터. 키는 ``params``와 같습니다.

    예외
    ----
    ValueError
        ``params``와 ``grads``의 키 집합이 다를 때.

    예시
    ----
    >>> sgd_step({"w": np.array([1.0, 2.0])}, {"w": np.array([10.0, -10.0])}, 0.1)
    {'w': array([0., 3.])}
    """
    # TODO: 키가 같은지 확인한 뒤 새 딕셔너리를 만드세요.
    raise NotImplementedError


def train_linear_regression(X, y, lr=0.01, epochs=100, batch_size=32, seed=0):
    """평균 제곱 오차에 미니배치 SGD를 적용해 ``y ~ X @ w + b``를 학습합니다.

    ``w = np.zeros(d)``, ``b = 0.0``에서 시작합니다. 에포크마다
    ``minibatches(X, y, batch_size, seed=...)``를 (섞어서) 반복합니다. 요령:
    ``rng = np.random.default_rng(seed)``를 한 번만 만들고 ``seed=rng``로 넘기세요
    (``default_rng``는 Generator를 받으면 그대로 돌려줍니다). 그러면 에포크마다 순서가
    달라지면서도 전체 실행은 재현됩니다. 샘플이 m개인 배치마다 잔차
    ``r = X_batch @ w + b - y_batch``를 구하고, 배치 MSE ``mean(r**2)``의 기울기로 SGD
    단계를 한 번 밟습니다::

        dw = (2 / m) * X_batch.T @ r
        db = (2 / m) * sum(r)

    (2를 빼는 것도 흔한 관례이며, lr의 크기만 달라질 뿐입니다.) 에포크가 끝날 때마다
    전체 데이터 세트의 MSE ``mean((X @ w + b - y)**2)``를 기록하세요.

    매개변수
    --------
    X : array_like, 모양 (n, d)
        특성.
    y : array_like, 모양 (n,)
        타깃.
    lr : float, 기본값 0.01
        학습률.
    epochs : int, 기본값 100
        데이터를 훑는 횟수.
    batch_size : int, 기본값 32
        미니배치 하나의 샘플 수.
    seed : int 또는 None, 기본값 0
        섞을 때 쓰는 시드.

    반환값
    ------
    tuple (모양 (d,)인 numpy.ndarray, float, float 리스트)
        가중치 ``w``, 편향 ``b``, 그리고 ``losses``. ``losses[i]``는 i번째 에포크가 끝난
        뒤의 전체 데이터 MSE입니다(따라서 ``len(losses) == epochs``).
    """
    # TODO: 초기화하고, 에포크와 미니배치를 돌며 한 단계씩 갱신하고, 손실을 기록하세요.
    raise NotImplementedError
