"""연습 07: 이미지 전처리 (preprocessing)와 층화 학습/검증 분할.

이미지는 보통 신경망에 넣기 전에 값의 범위를 조정하고 모양을 바꿉니다. 원래 픽셀은
[0, 255] 범위의 정수인데, 255로 나누면 [0, 1] 범위가 되어 첫 층의 활성화 값과 기울기가
적당한 범위에 머뭅니다. Keras의 ``Conv2D``는 채널 축(NHWC)을 기대하므로, 모양이
(n, 28, 28)인 흑백 MNIST 이미지는 (n, 28, 28, 1)이 되어야 합니다. 컬러 이미지는 표준
휘도 가중치 0.2989 R + 0.5870 G + 0.1140 B로 채널 하나로 줄일 수 있습니다.

마지막으로 검증 세트를 떼어 둡니다. 완전히 무작위로 나누면 운이 나쁠 때 드문 클래스의
샘플이 검증 세트에 너무 적게 들어갈 수 있습니다. *층화* 분할은 모든 클래스의 비율을 두
부분에서 똑같이 유지합니다(scikit-learn의 ``train_test_split(..., stratify=y)``).

NumPy만으로 구현하세요.

- ``normalize_images``: float32 ``images / 255``
- ``add_channel_axis``: 크기가 1인 채널 축 추가
- ``rgb_to_grayscale``: RGB -> 휘도 채널 하나
- ``stratified_split``: 재현 가능한 층화 분할

전달받은 배열은 수정하지 말고, 새 배열을 반환하세요.
"""

import math

import numpy as np


def normalize_images(images):
    """픽셀 값을 [0, 255]에서 [0, 1]로 조정합니다.

    매개변수
    --------
    images : array-like, 모양 무관, 보통 uint8 (n, h, w) 또는 (n, h, w, c)

    반환값
    ------
    np.ndarray, float32, 같은 모양
        ``images / 255.0``.
    """
    # TODO: float32로 바꾼 뒤 나누세요.
    raise NotImplementedError


def add_channel_axis(images):
    """크기가 1인 채널 축을 뒤에 붙입니다.

    매개변수
    --------
    images : array-like, 모양 (n, h, w) 또는 (h, w)

    반환값
    ------
    np.ndarray, 모양 (n, h, w, 1) 또는 (h, w, 1), 같은 dtype
        값은 그대로이고 길이가 1인 축이 맨 뒤에 붙습니다.

    예시
    ----
    >>> add_channel_axis(np.zeros((5, 28, 28))).shape
    (5, 28, 28, 1)
    """
    # TODO: 새 마지막 축을 추가하세요(np.newaxis, np.expand_dims 또는 reshape).
    raise NotImplementedError


def rgb_to_grayscale(images):
    """RGB 이미지를 흑백으로 바꾸되, 크기가 1인 채널 축은 남겨 둡니다.

    공식: ``gray = 0.2989 * R + 0.5870 * G + 0.1140 * B``

    매개변수
    --------
    images : array-like, 모양 (..., h, w, 3)
        채널이 마지막에 R, G, B 순서로 있습니다.

    반환값
    ------
    np.ndarray, 실수형, 모양 (..., h, w, 1)
        마지막 축에 주의하세요: (h, w, 3) -> (h, w)가 아니라 (h, w, 1).
    """
    # TODO: 마지막 축에 대해 가중합을 구한 뒤 축을 다시 붙이세요.
    raise NotImplementedError


def stratified_split(X, y, test_size=0.2, seed=124):
    """데이터 세트를 클래스별로 층화하여 학습용과 검증용으로 나눕니다.

    규칙:

    - 검증 세트의 샘플 수는 ``n_val = math.ceil(test_size * n)``입니다.
    - 샘플이 ``n_c``개인 클래스 c는 검증 세트에 ``n_c * n_val / n``개를 보탭니다.
      반올림 방향은 상관없습니다(차이 1 이내). 모든 클래스를 내림하면 n_val에 못 미칠
      수 있으니, 모자란 샘플은 소수 부분이 가장 큰 클래스부터 나눠 주세요(최대 나머지 방식).
    - 모든 샘플은 두 부분 중 정확히 한 곳에 들어갑니다.
    - 어떤 샘플을 고를지는 ``np.random.default_rng(seed)``로 정하므로, 같은 시드면
      언제나 같은 분할이 나옵니다.

    매개변수
    --------
    X : array-like, 모양 (n, ...)
        샘플. 첫 번째 축을 따라 행을 나눕니다.
    y : array-like, 레이블이면 모양 (n,), 원-핫이면 (n, c)
        타깃. 원-핫 행은 클래스 ``argmax(row)``에 속합니다.
    test_size : float
        검증 세트로 가는 샘플의 비율, ``0 < test_size < 1``.
    seed : int 또는 None
        ``np.random.default_rng``에 넘길 시드.

    반환값
    ------
    (X_train, X_val, y_train, y_val) : np.ndarray 튜플
        X의 두 부분은 X의 나머지 축 모양을 유지하고, y의 두 부분은 y의 형식을
        유지합니다(레이블은 레이블로, 원-핫은 원-핫으로).

    예외
    ----
    ValueError
        ``0 < test_size < 1``이 아닐 때. X와 y의 길이가 다를 때도 마찬가지입니다.
    """
    # TODO: 샘플마다 클래스를 찾고, 클래스마다 검증 세트로 몇 개를 보낼지 정한 뒤,
    # 클래스별 인덱스를 rng로 섞어서 자르세요.
    raise NotImplementedError
