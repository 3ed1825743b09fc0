"""연습 11: 합성곱 (convolution)의 크기 계산과 파라미터 수.

CNN을 학습하기 전에 층마다 어떤 모양이 나오고 가중치가 몇 개인지 종이 위에서 알아 두면
도움이 됩니다. ``model.summary()``가 출력하는 것이 바로 그것이고, 이 연습에서는 그 내용을
공식으로 다시 만들어 봅니다.

크기가 k인 커널이 n개의 위치 위를 스트라이드 s로 이동하면, "valid" 패딩(패딩 없음)에서는
``floor((n - k) / s) + 1``번 들어맞습니다. "same" 패딩에서는 출력의 위치가
``ceil(n / s)``개가 되도록 입력에 딱 필요한 만큼 패딩을 붙입니다(따라서 s = 1이면 n개).
풀링 층도 같은 계산을 쓰지만, 스트라이드의 기본값이 풀 크기라는 점만 다릅니다.

커널이 (kh, kw)이고 입력 채널이 c개, 필터가 f개인 Conv2D 층에는 가중치
``kh * kw * c * f``개와 편향 f개가 있고, 특성 d개를 유닛 u개로 보내는 Dense 층에는
``d * u + u``개가 있습니다. 풀링, Flatten, Dropout에는 파라미터가 없습니다.

아래 여섯 함수를 구현하세요. math 모듈만 있으면 됩니다.
"""

import math

import numpy as np


def conv_output_size(n, kernel_size, stride=1, padding="valid"):
    """한 축을 따라 합성곱이 내놓는 출력 위치의 수.

    공식: valid는 ``floor((n - k) / s) + 1``, same은 ``ceil(n / s)``.

    매개변수
    --------
    n : int
        이 축(높이 또는 너비)을 따른 입력의 길이.
    kernel_size : int
        이 축을 따른 커널의 길이 k.
    stride : int
        이웃한 윈도 사이의 간격 s.
    padding : {"valid", "same"}

    반환값
    ------
    int

    예시
    ----
    >>> conv_output_size(28, 4, 1, "valid")
    25
    """
    # TODO: 패딩 방식마다 공식 하나씩.
    raise NotImplementedError


def pool_output_size(n, pool_size=2, stride=None, padding="valid"):
    """한 축을 따라 풀링 층이 내놓는 출력 위치의 수.

    k = pool_size로 두고 ``conv_output_size``와 같은 공식을 씁니다. 스트라이드가
    None이면 ``stride = pool_size``입니다(Keras의 기본값).

    매개변수
    --------
    n : int
    pool_size : int
    stride : int 또는 None
    padding : {"valid", "same"}

    반환값
    ------
    int

    예시
    ----
    >>> pool_output_size(25, 2)
    12
    """
    # TODO: 기본 스트라이드를 정한 뒤 합성곱의 크기 계산을 다시 쓰세요.
    raise NotImplementedError


def conv2d_param_count(in_channels, filters, kernel_size, use_bias=True):
    """Conv2D 층의 학습 가능한 파라미터 수.

    공식: ``kh * kw * in_channels * filters + (filters if use_bias else 0)``

    매개변수
    --------
    in_channels : int
    filters : int
    kernel_size : int 또는 (kh, kw)
        int k는 k x k 정사각형 커널을 뜻합니다.
    use_bias : bool

    반환값
    ------
    int

    예시
    ----
    >>> conv2d_param_count(1, 16, 3)
    160
    """
    # TODO: kernel_size를 풀고 공식을 적용하세요.
    raise NotImplementedError


def dense_param_count(in_features, units, use_bias=True):
    """Dense 층의 학습 가능한 파라미터 수.

    공식: ``in_features * units + (units if use_bias else 0)``

    반환값
    ------
    int
    """
    # TODO: 공식을 적용하세요.
    raise NotImplementedError


def summarize(input_shape, layers):
    """``model.summary()``처럼, 층을 쌓은 것의 모양과 파라미터 수.

    매개변수
    --------
    input_shape : int 튜플
        배치 축을 뺀 샘플 하나의 모양. 예: (높이, 너비, 채널)이면 (28, 28, 1).
    layers : dict 리스트
        층마다 딕셔너리 하나. 키와 기본값은 Keras가 부르는 이름 그대로입니다.

        - ``{"type": "conv2d", "filters": f, "kernel_size": k 또는 (kh, kw),
          "strides": 1, "padding": "valid"}``
        - ``{"type": "maxpool2d"}`` 또는 ``{"type": "avgpool2d"}``와
          ``"pool_size": 2, "strides": None, "padding": "valid"``
        - ``{"type": "flatten"}``
        - ``{"type": "dense", "units": u}`` (1차원 입력이 필요하므로 먼저 flatten)
        - ``{"type": "dropout", "rate": r}``

        빠진 키는 위의 기본값을 따르고, 다른 키("activation" 등)는 모양이나 개수를
        바꾸지 않습니다. 스트라이드는 int 또는 (sh, sw) 쌍일 수 있습니다.

    반환값
    ------
    (str, int 튜플, int) 리스트
        층마다 ``(type, output_shape, params)`` 하나. output_shape에는 배치 축이
        없습니다. 예: ``("conv2d", (28, 28, 16), 160)``.

    예외
    ----
    ValueError
        모르는 층 종류이거나, 잘못 쌓았을 때(이미지가 아닌 입력에 2-D 층, 다차원 입력에
        Dense 층, 입력에 들어맞지 않는 윈도).

    예시
    ----
    >>> summarize((28, 28, 1), [{"type": "conv2d", "filters": 16,
    ...                          "kernel_size": 3, "padding": "same"},
    ...                         {"type": "flatten"}])
    [('conv2d', (28, 28, 16), 160), ('flatten', (12544,), 0)]
    """
    # TODO: 현재 모양을 추적하며 층을 차례로 거치세요.
    raise NotImplementedError


def total_params(input_shape, layers):
    """쌓은 층 전체의 파라미터 수(summary()의 "Total params" 줄).

    매개변수와 예외는 ``summarize``와 같습니다.

    반환값
    ------
    int
    """
    # TODO: summarize가 센 개수를 더하세요.
    raise NotImplementedError
