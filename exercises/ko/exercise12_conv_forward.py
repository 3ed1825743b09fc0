"""연습 12: NumPy로 만드는 합성곱 (convolution)과 풀링.

Conv2D 층은 커널 f개를 각각 이미지 위에서 옮겨 가며, 위치마다 커널과 그 아래 조각의
원소별 곱을 모두 더하고 필터의 편향을 더합니다. 딥러닝 라이브러리는 이것을
"합성곱"이라고 부르지만 커널을 뒤집지 *않습니다*. 수학적으로는 교차 상관이며,
``tf.nn.conv2d``와 Keras의 ``Conv2D``가 계산하는 것도 정확히 그것입니다. 풀링은 같은
방식으로 윈도를 옮겨 가며 채널마다 따로 최댓값(최대 풀링)이나 평균(평균 풀링)을 남깁니다.

배치는 TensorFlow처럼 NHWC입니다. x의 모양은 (배치, 높이, 너비, 채널)이고 커널 W의
모양은 (kh, kw, in_channels, filters)입니다.

"same" 패딩은 출력의 위치가 ``ceil(n / s)``개가 되도록 0을 덧붙입니다. 길이가 n인 축에서
커널이 k, 스트라이드가 s이면 TensorFlow는 모두

    P = max((ceil(n / s) - 1) * s + k - n, 0)

개의 0을 덧붙이는데, 위/왼쪽에 ``floor(P / 2)``개, 나머지는 아래/오른쪽에 붙입니다.
P가 홀수이면 남는 행이나 열 하나는 아래/오른쪽으로 갑니다.

세 함수를 NumPy만으로 구현하세요. 정확하게만 하려면 출력 위치마다 반복문을 돌아도
되지만, ``np.lib.stride_tricks.sliding_window_view``나 im2col 모양 바꾸기에 행렬 곱 한
번을 쓰면 빨라집니다.
"""

import math

import numpy as np


def conv2d_forward(x, W, b, stride=1, padding="valid"):
    """2-D 합성곱 층의 순전파(활성화 함수 없음).

    valid 패딩, 스트라이드 s일 때의 공식:
    ``out[n, i, j, f] = sum_{p, q, c} x[n, i*s + p, j*s + q, c] * W[p, q, c, f] + b[f]``
    ("same" 패딩이면 0을 덧붙인 x에 이 공식을 적용하세요).

    매개변수
    --------
    x : 실수 array-like, 모양 (n, h, w, c)
    W : 실수 array-like, 모양 (kh, kw, c, f)
        커널. kh와 kw는 짝수일 수도 있습니다.
    b : 실수 array-like, 모양 (f,)
    stride : int 또는 (sh, sw)
    padding : {"valid", "same"}

    반환값
    ------
    실수형 np.ndarray, 모양 (n, out_h, out_w, f)
        valid는 ``out_h = floor((h - kh) / sh) + 1``, same은 ``out_h = ceil(h / sh)``
        (너비도 마찬가지).

    예외
    ----
    ValueError
        x와 W의 채널 수가 다르거나 모르는 패딩일 때.
    """
    # TODO: "same"이면 패딩하고(남는 것은 아래/오른쪽에), 주어진 스트라이드로
    # 커널 크기의 윈도를 모두 꺼내 W와 축약하세요.
    raise NotImplementedError


def max_pool2d(x, pool_size=2, stride=None):
    """valid 패딩으로 채널마다 하는 최대 풀링.

    매개변수
    --------
    x : 실수 array-like, 모양 (n, h, w, c)
    pool_size : int 또는 (ph, pw)
    stride : int, (sh, sw) 또는 None
        None이면 ``stride = pool_size``(겹치지 않는 윈도).

    반환값
    ------
    np.ndarray, 모양 (n, floor((h - ph) / sh) + 1, floor((w - pw) / sw) + 1, c)

    예시
    ----
    >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> max_pool2d(x)[0, :, :, 0]
    array([[ 5.,  7.],
           [13., 15.]])
    """
    # TODO: 풀 크기의 윈도를 꺼내 max로 줄이세요.
    raise NotImplementedError


def avg_pool2d(x, pool_size=2, stride=None):
    """valid 패딩으로 채널마다 하는 평균 풀링.

    매개변수와 모양은 ``max_pool2d``와 같습니다.

    반환값
    ------
    실수형 np.ndarray, 모양은 ``max_pool2d``와 같음

    예시
    ----
    >>> x = np.arange(16.0).reshape(1, 4, 4, 1)
    >>> avg_pool2d(x)[0, :, :, 0]
    array([[ 2.5,  4.5],
           [10.5, 12.5]])
    """
    # TODO: 풀 크기의 윈도를 꺼내 mean으로 줄이세요.
    raise NotImplementedError
