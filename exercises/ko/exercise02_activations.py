"""연습 02: 활성화 함수 (activation functions).

층 사이에 비선형 활성화 함수가 없으면 Dense 층을 아무리 깊이 쌓아도 선형 변환 하나로
합쳐지고 맙니다. 활성화 함수가 바로 그 비선형성을 더해 줍니다. 대표적인 것은 시그모이드
(값을 (0, 1)로 눌러 줌), tanh(값을 (-1, 1)로 눌러 주며 0을 중심으로 함), ReLU
(``max(0, z)``, 계산이 간단하고 z > 0에서 포화되지 않음), 소프트맥스(점수 벡터를 확률 분포로
바꿈)입니다. 역전파에는 이 함수들의 도함수도 필요합니다.

활성화 함수와 그 기울기를 NumPy로 구현하세요. 스칼라와 빈 배열을 포함해 어떤 모양의
배열이든 원소별로 계산하며(소프트맥스는 한 축을 따라 계산하고 1차원 이상의 입력이
필요합니다), 입력과 같은 모양의 부동소수점 배열을 반환합니다. float32는 float32 그대로,
정수 입력은 float64가 됩니다.

수치적으로 안정적이어야 합니다. ``np.exp(1000)``은 RuntimeWarning과 함께 ``inf``로
넘쳐 버리므로 교과서 공식은 ``|z|``가 크면 망가집니다. 여러분의 함수는 ``|z|``가 1e4까지
커져도 경고 없이 유한하고 올바른 결과를 내야 합니다: ``sigmoid(-1000) == 0``,
``softmax([1000, 1000]) == [0.5, 0.5]``. 주의: ``np.where(cond, a, b)``는 모든 원소에서
``a``와 ``b``를 둘 다 계산하므로, 넘치는 ``np.exp``를 막아 주지 못합니다.
"""

import numpy as np


def sigmoid(z):
    """로지스틱 시그모이드 ``1 / (1 + exp(-z))``를 원소별로 반환합니다.

    매개변수
    --------
    z : array_like 또는 스칼라, 모양 무관
        활성화 전 값.

    반환값
    ------
    실수형 numpy.ndarray, z와 같은 모양
        [0, 1] 범위의 값. float32 입력이면 float32, 정수 입력이면 float64.

    참고
    ----
    z가 아주 작은 음수이면 ``exp(-z)``가 넘칩니다. 그 구간에서는 같은 값인
    ``exp(z) / (1 + exp(z))``를 쓰거나, 1을 절대 넘지 않는 ``exp(-|z|)``로 계산하세요.

    예시
    ----
    >>> sigmoid(np.array([-1000.0, 0.0, 1000.0]))
    array([0. , 0.5, 1. ])
    """
    # TODO: 안정적인 시그모이드 (|z|가 1e4까지 커져도 넘침 경고가 없어야 함).
    raise NotImplementedError


def tanh(z):
    """쌍곡탄젠트 ``(e^z - e^-z) / (e^z + e^-z)``를 원소별로 반환합니다.

    매개변수
    --------
    z : array_like 또는 스칼라, 모양 무관
        활성화 전 값.

    반환값
    ------
    실수형 numpy.ndarray, z와 같은 모양
        [-1, 1] 범위의 값.

    참고
    ----
    지수 함수의 나눗셈은 ``|z| > 710``에서 ``inf / inf = nan``이 됩니다.
    ``np.tanh``는 안정적입니다(``2 * sigmoid(2 * z) - 1``도 마찬가지).
    """
    # TODO: 안정적인 tanh.
    raise NotImplementedError


def relu(z):
    """ReLU ``max(0, z)``를 원소별로 반환합니다.

    매개변수
    --------
    z : array_like 또는 스칼라, 모양 무관
        활성화 전 값.

    반환값
    ------
    실수형 numpy.ndarray, z와 같은 모양

    예시
    ----
    >>> relu(np.array([-2.0, 0.0, 3.0]))
    array([0., 0., 3.])
    """
    # TODO: 원소별 max(0, z)를 새 실수 배열로 반환하세요.
    raise NotImplementedError


def softmax(z, axis=-1):
    """``axis``를 따라 ``z``의 소프트맥스를 반환합니다.

    ``softmax(z)_i = exp(z_i) / sum_j exp(z_j)``. ``axis``를 따라 최댓값을 먼저 빼도
    결과는 달라지지 않지만(분자와 분모에서 약분됨) 모든 지수가 0 이하가 되므로
    넘치는 일이 없습니다.

    매개변수
    --------
    z : array_like, 1차원 이상
        점수(로짓).
    axis : int, 기본값 -1
        출력의 합이 1이 되는 축.

    반환값
    ------
    실수형 numpy.ndarray, z와 같은 모양
        ``axis``를 따라 합이 1인 음이 아닌 값.

    예시
    ----
    >>> softmax(np.array([1000.0, 1000.0]))
    array([0.5, 0.5])
    >>> softmax(np.array([[0.0, 0.0], [1.0, 1.0]]), axis=0)
    array([[0.26894142, 0.26894142],
           [0.73105858, 0.73105858]])
    """
    # TODO: axis를 따라 최댓값을 빼고(keepdims=True), 지수를 취한 뒤 정규화하세요.
    raise NotImplementedError


def sigmoid_grad(z):
    """``z``에서 시그모이드의 도함수 ``s * (1 - s)``를 반환합니다(``s = sigmoid(z)``).

    매개변수
    --------
    z : array_like 또는 스칼라, 모양 무관
        활성화 전 값(시그모이드의 출력이 아님).

    반환값
    ------
    실수형 numpy.ndarray, z와 같은 모양
        [0, 0.25] 범위의 값. z = 0에서 0.25.
    """
    # TODO: 앞에서 만든 안정적인 sigmoid를 다시 쓰세요.
    raise NotImplementedError


def tanh_grad(z):
    """``z``에서 tanh의 도함수 ``1 - tanh(z)**2``를 반환합니다.

    매개변수
    --------
    z : array_like 또는 스칼라, 모양 무관
        활성화 전 값.

    반환값
    ------
    실수형 numpy.ndarray, z와 같은 모양
        [0, 1] 범위의 값. z = 0에서 1.
    """
    # TODO: tanh를 다시 쓰세요.
    raise NotImplementedError


def relu_grad(z):
    """``z``에서 ReLU의 도함수를 반환합니다: ``z > 0``인 곳은 1, 나머지는 0.

    ReLU는 0에서 미분할 수 없습니다. 관례에 따라(TensorFlow와 마찬가지로) 그곳에서는
    0을 쓰므로 ``relu_grad(0) == 0``입니다.

    매개변수
    --------
    z : array_like 또는 스칼라, 모양 무관
        활성화 전 값.

    반환값
    ------
    실수형 numpy.ndarray, z와 같은 모양
        실수로 된 0과 1.

    예시
    ----
    >>> relu_grad(np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """
    # TODO: z > 0(등호 없이)인 곳은 1.0, 나머지는 0.0.
    raise NotImplementedError
