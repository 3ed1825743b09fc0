"""연습 01: 단층 퍼셉트론 (perceptron).

로젠블랫(Rosenblatt)의 퍼셉트론은 가장 작은 신경망입니다. 뉴런 하나가 입력의 가중합을
계산하고 편향을 더한 다음 계단 함수에 통과시키므로, 출력은 딱 0 또는 1인 레이블입니다.
학습 규칙도 간단합니다. 샘플을 하나 볼 때마다 가중치를 ``lr * error * x``만큼 정답 쪽으로
조금 옮깁니다. 두 클래스를 직선(초평면)으로 나눌 수 있으면 이 규칙은 반드시 그런 직선을
찾아내고, XOR처럼 나눌 수 없으면 끝없이 틀립니다. 이 한계 때문에 나중에 뉴런을 여러 층으로
쌓은 다층 신경망을 쓰게 됩니다.

아래 다섯 함수를 NumPy로 구현하세요.

1. ``weighted_sum`` -- 뉴런의 활성화 전 값 ``x @ w + b``
2. ``step`` -- 임곗값 활성화 함수 (z >= 0이면 1, 아니면 0)
3. ``predict`` -- 샘플 배치의 레이블 예측
4. ``perceptron_update`` -- 샘플 하나에 대한 로젠블랫 학습 단계 한 번
5. ``train_perceptron`` -- 한 에포크 동안 하나도 틀리지 않을 때까지 에포크마다 학습 단계를
   반복

전달받은 배열은 절대 직접 수정하지 말고, 새 배열을 반환하세요.
"""

import numpy as np


def weighted_sum(x, w, b):
    """퍼셉트론의 활성화 전 값 ``x @ w + b``를 반환합니다.

    매개변수
    --------
    x : array_like, 모양 (d,) 또는 (n, d)
        샘플 하나, 또는 특성이 d개인 샘플 n개의 배치.
    w : array_like, 모양 (d,)
        특성마다 하나씩 있는 가중치.
    b : float
        편향.

    반환값
    ------
    float 또는 모양이 (n,)인 numpy.ndarray
        모양이 (d,)인 샘플 하나에는 파이썬 ``float``를, 모양이 (n, d)인 배치에는
        샘플마다 값이 하나씩 있는 모양 (n,)의 실수 배열을 반환합니다.

    예시
    ----
    >>> weighted_sum([1.0, 2.0], [0.5, -1.0], 0.25)
    -1.25
    >>> weighted_sum([[1.0, 2.0], [3.0, 4.0]], [0.5, -1.0], 0.25)
    array([-1.25, -2.25])
    """
    # TODO: x @ w + b를 계산하세요. 샘플이 하나일 때 나오는 0차원 결과는 float로 바꾸세요.
    raise NotImplementedError


def step(z):
    """``z``의 계단 함수 값을 반환합니다: ``z >= 0``인 곳은 1, 나머지는 0.

    z == 0이면 1이 된다는 점에 주의하세요.

    매개변수
    --------
    z : array_like 또는 스칼라, 모양 무관
        활성화 전 값.

    반환값
    ------
    정수형 numpy.ndarray, z와 같은 모양
        정수 레이블(예: ``np.int64``). 스칼라를 넣으면 0차원 배열(또는 int).

    예시
    ----
    >>> step([-0.5, 0.0, 2.0])
    array([0, 1, 1])
    """
    # TODO: z를 0에서 잘라 정수로 반환하세요.
    raise NotImplementedError


def predict(X, w, b):
    """퍼셉트론이 예측한 레이블 ``step(weighted_sum(X, w, b))``를 반환합니다.

    매개변수
    --------
    X : array_like, 모양 (n, d)
        샘플 n개의 배치.
    w : array_like, 모양 (d,)
        가중치.
    b : float
        편향.

    반환값
    ------
    정수형 numpy.ndarray, 모양 (n,)
        예측한 레이블. 각각 0 또는 1입니다.
    """
    # TODO: weighted_sum과 step을 다시 쓰세요.
    raise NotImplementedError


def perceptron_update(w, b, x, y, lr):
    """샘플 하나 ``(x, y)``로 로젠블랫 학습 단계를 한 번 적용합니다.

    ``error = y - step(x @ w + b)``라고 하면(샘플을 맞게 분류하면 0, 잘못 예측하면
    +1 또는 -1) 갱신식은 다음과 같습니다::

        w_new = w + lr * error * x
        b_new = b + lr * error

    매개변수
    --------
    w : numpy.ndarray, 모양 (d,)
        현재 가중치(실수). 직접(in-place) 수정하면 안 됩니다.
    b : float
        현재 편향.
    x : array_like, 모양 (d,)
        샘플 하나.
    y : int
        그 샘플의 정답 레이블, 0 또는 1.
    lr : float
        학습률.

    반환값
    ------
    tuple (모양 (d,)인 numpy.ndarray, float)
        새 가중치(새 배열)와 새 편향.

    예시
    ----
    >>> w, b = perceptron_update(np.zeros(2), 0.0, [1.0, 1.0], 0, 0.5)
    >>> w, b
    (array([-0.5, -0.5]), -0.5)
    """
    # TODO: 이 샘플의 오차를 계산한 뒤 갱신한 (w, b)를 반환하세요.
    raise NotImplementedError


def train_perceptron(X, y, lr=0.1, epochs=100):
    """로젠블랫 규칙으로 퍼셉트론을 학습하고 ``(w, b)``를 반환합니다.

    ``w = np.zeros(d)``, ``b = 0.0``에서 시작합니다. 에포크마다 샘플을 주어진
    순서대로(섞지 않고) 하나씩 보며 ``perceptron_update``를 적용합니다. 잘못 분류한
    샘플이 하나도 없는 에포크가 처음 나오면 그 에포크가 끝날 때, 아니면 ``epochs``번의
    에포크를 마쳤을 때 멈춥니다. 둘 중 먼저 오는 쪽에서 멈추면 됩니다.

    매개변수
    --------
    X : array_like, 모양 (n, d)
        학습 샘플.
    y : 정수 array_like, 모양 (n,)
        레이블, 각각 0 또는 1.
    lr : float, 기본값 0.1
        학습률.
    epochs : int, 기본값 100
        데이터를 훑는 최대 횟수.

    반환값
    ------
    tuple (모양 (d,)인 float64 numpy.ndarray, float)
        학습한 가중치와 편향.

    예시
    ----
    논리 AND는 선형 분리가 가능하므로 퍼셉트론이 학습해 냅니다.

    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> w, b = train_perceptron(X, np.array([0, 0, 0, 1]))
    >>> predict(X, w, b)
    array([0, 0, 0, 1])
    """
    # TODO: 에포크와 샘플을 돌며 오분류 횟수를 세고, 하나도 없으면 일찍 멈추세요.
    raise NotImplementedError
