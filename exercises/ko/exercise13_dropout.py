"""연습 13: 드롭아웃 (dropout).

드롭아웃은 학습 단계마다 유닛 일부를 무작위로 꺼서 과적합을 막습니다. 그러면 어떤 유닛도
특정한 짝꿍이 늘 있으리라고 기댈 수 없습니다. ``rate = 0.5``이면 활성화 값 하나하나가
0.5의 확률로 0이 됩니다.

유닛을 끄면 층 출력의 기댓값이 남길 확률 ``1 - rate``만큼 줄어듭니다. Keras가 쓰는
*역(inverted)* 드롭아웃은 학습 중에 살아남은 값을 ``1 - rate``로 나누어 이를 메웁니다.
그러면 출력의 기댓값이 그대로이고, 추론할 때는 층이 아무 일도 하지 않습니다(Keras의
``Dropout(0.5)``는 학습 중에는 남은 1.0을 2.0으로 바꾸고, 예측할 때는 1.0 그대로 둡니다).

역전파는 순전파가 남긴 *바로 그* 유닛으로, 같은 배율로 기울기를 보내야 합니다. 그래서
순전파는 역전파가 다시 쓸 수 있도록 마스크를 반환합니다.

두 함수를 NumPy만으로 구현하세요.
"""

import numpy as np


def dropout_forward(x, rate, training=True, seed=None):
    """역 드롭아웃의 순전파.

    ``u = np.random.default_rng(seed).random(x.shape)``를 뽑아 ``u >= rate``인
    유닛을 남깁니다(확률 ``1 - rate``). 그다음

        out = x * mask / (1 - rate)

    매개변수
    --------
    x : 실수 array-like, 모양 무관
    rate : float
        유닛을 끌 확률, ``0 <= rate < 1``.
    training : bool
        False이면(추론) 드롭아웃은 항등 함수입니다.
    seed : int 또는 None
        ``np.random.default_rng``에 넘길 시드. 같은 시드면 같은 마스크가 나옵니다.

    반환값
    ------
    out : 실수형 np.ndarray, x와 같은 모양
        추론할 때 ``out``은 x와 같습니다(x 자체 또는 복사본).
    mask : bool형 np.ndarray, x와 같은 모양
        유닛을 남긴 곳은 True. 추론할 때는 모두 True.

    예외
    ----
    ValueError
        ``0 <= rate < 1``이 아닐 때.
    """
    # TODO: rate를 검사하고, 추론을 처리하고, 마스크를 뽑고, 살아남은 값의 배율을 조정하세요.
    raise NotImplementedError


def dropout_backward(dout, mask, rate):
    """역 드롭아웃의 역전파.

    공식: ``dx = dout * mask / (1 - rate)``

    매개변수
    --------
    dout : 실수 array-like, 모양 무관
        위층에서 내려온 기울기. 순전파 입력과 모양이 같습니다.
    mask : bool array-like, dout과 같은 모양
        ``dropout_forward``가 반환한 마스크.
    rate : float
        순전파에서 쓴 rate, ``0 <= rate < 1``.

    반환값
    ------
    실수형 np.ndarray, dout과 같은 모양

    예외
    ----
    ValueError
        ``0 <= rate < 1``이 아닐 때.
    """
    # TODO: 순전파의 마스크를 다시 쓰고 배율을 조정하세요.
    raise NotImplementedError
