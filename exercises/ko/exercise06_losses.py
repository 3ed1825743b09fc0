"""연습 06: 손실 함수 (loss functions), 원-핫 인코딩과 정확도.

소프트맥스로 끝나는 분류기는 클래스마다 확률을 하나씩 내놓으므로, 손실로 비교하려면
레이블도 같은 모양으로 바꿔야 합니다. 원-핫 인코딩은 클래스가 4개인 문제의 레이블 2를
[0, 0, 1, 0]으로 바꿉니다. Keras에서는 ``keras.utils.to_categorical``이 이 일을 합니다.

교차 엔트로피는 모델이 정답에 확률을 얼마나 주었는지를 잽니다: ``-log(p_true)``.
완벽하게 예측하면 0이고 ``p_true``가 0에 다가갈수록 한없이 커지므로, 실제 구현은 모두
예측값을 먼저 ``[epsilon, 1 - epsilon]``으로 잘라 냅니다(Keras는 epsilon = 1e-7을 쓰므로
샘플 하나의 손실은 -log(1e-7) ~= 16.118을 넘지 않습니다). 평균 제곱 오차는 회귀에서 쓰는
손실이고, 정확도는 사람이 실제로 들여다보는 지표입니다.

NumPy만으로 구현하세요.

- ``to_categorical``: 레이블 -> 원-핫 행렬
- ``categorical_crossentropy``와 ``binary_crossentropy``: 잘라 내기를 적용한 배치 평균 손실
- ``mean_squared_error``: 모든 원소에 대한 평균
- ``accuracy``: argmax 예측이 맞은 비율

전달받은 배열은 수정하지 말고, 새 배열을 반환하세요.
"""

import numpy as np


def to_categorical(y, num_classes=None):
    """정수 클래스 레이블을 원-핫 인코딩합니다.

    매개변수
    --------
    y : 정수 array-like, 모양 (n,) 또는 (n, 1), n >= 1
        클래스 레이블. 3.0처럼 정숫값인 실수도 받습니다.
    num_classes : int 또는 None
        클래스 수 c. None이면 ``c = max(y) + 1``.

    반환값
    ------
    np.ndarray, 실수형(float32 또는 float64), 모양 (n, c)
        i번째 행은 ``y[i]``번째 열만 1.0이고 나머지는 모두 0입니다.

    예외
    ----
    ValueError
        레이블이 음수이거나 ``num_classes`` 이상일 때. (Keras는 -1을 말없이 마지막
        클래스로 바꾸지만, 여기서는 거부합니다.)

    예시
    ----
    >>> to_categorical([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    """
    # TODO: 레이블을 검사하고, 0 행렬을 만든 뒤 행마다 1.0을 하나씩 넣으세요.
    raise NotImplementedError


def categorical_crossentropy(y_true, y_pred, epsilon=1e-7):
    """예측값을 잘라 낸 범주형 교차 엔트로피의 배치 평균.

    공식: ``mean_i( -sum_j y_true[i, j] * log(clip(y_pred[i, j], eps, 1 - eps)) )``

    매개변수
    --------
    y_true : 실수 array-like, 모양 (n, c)
        원-핫(또는 부드러운) 타깃.
    y_pred : 실수 array-like, 모양 (n, c)
        예측 확률. 행의 합은 1입니다(다시 정규화할 필요 없음).
    epsilon : float
        잘라 내기 상수.

    반환값
    ------
    float
        배치 평균 손실(행마다 하나씩이 아니라 스칼라 하나).
    """
    # TODO: y_pred를 잘라 내고, 로그를 취해 클래스에 대해 더한 뒤 샘플에 대해 평균하세요.
    raise NotImplementedError


def binary_crossentropy(y_true, y_pred, epsilon=1e-7):
    """예측값을 잘라 낸 이진 교차 엔트로피의 평균.

    ``p = clip(y_pred, eps, 1 - eps)``일 때 공식은 모든 원소에 대한
    ``mean( -(y_true * log(p) + (1 - y_true) * log(1 - p)) )``입니다.

    매개변수
    --------
    y_true : 실수 array-like, 모양 (n,) 또는 (n, k)
        {0, 1} 값의 타깃.
    y_pred : 실수 array-like, y_true와 같은 모양
        양성 클래스의 예측 확률.
    epsilon : float
        잘라 내기 상수.

    반환값
    ------
    float
        평균 손실.
    """
    # TODO: y_pred를 잘라 낸 뒤 두 항으로 된 로그 손실을 평균하세요.
    raise NotImplementedError


def mean_squared_error(y_true, y_pred):
    """모든 원소에 대한 평균 제곱 오차.

    공식: ``mean((y_true - y_pred) ** 2)``

    매개변수
    --------
    y_true, y_pred : 실수 array-like, 같은 모양(모양 무관)

    반환값
    ------
    float
        차이의 제곱의 평균.
    """
    # TODO: NumPy 한 줄이면 됩니다.
    raise NotImplementedError


def accuracy(y_true, y_pred):
    """예측한 클래스가 정답 클래스와 같은 샘플의 비율.

    i번째 행의 예측 클래스는 ``argmax(y_pred[i])``(마지막 축)입니다.

    매개변수
    --------
    y_true : array-like, 정수 레이블이면 모양 (n,), 원-핫이면 (n, c)
    y_pred : 실수 array-like, 모양 (n, c)
        점수 또는 확률.

    반환값
    ------
    float
        [0, 1] 범위의 수.

    예시
    ----
    >>> accuracy([0, 1], [[0.9, 0.1], [0.8, 0.2]])
    0.5
    """
    # TODO: 원-핫 타깃을 레이블로 바꾸고 y_pred의 argmax와 비교하세요.
    raise NotImplementedError
