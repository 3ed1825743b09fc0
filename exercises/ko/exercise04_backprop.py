"""연습 04: 다층 퍼셉트론 (multi-layer perceptron)과 역전파 (back-propagation).

다층 퍼셉트론은 Dense 층 ``out = x @ W + b``를 여러 개 쌓고 그 사이에 비선형 활성화
함수(여기서는 ReLU)를 넣은 뒤, 마지막 층의 점수를 소프트맥스로 클래스 확률로 바꿉니다.
학습하려면 모든 가중치에 대한 손실의 기울기가 필요합니다. 역전파는 연쇄 법칙으로 그
기울기를 거꾸로 한 번 훑으며 모두 계산합니다. 각 층은 자기 출력에 대한 손실의 기울기
``dout``을 받아, 입력(과 파라미터)에 대한 기울기를 돌려줍니다. 그러려면 각 ``*_forward``
함수는 출력과 함께, 짝이 되는 ``*_backward`` 함수에 필요한 것을 담은 ``cache``를
반환해야 합니다. 캐시에 무엇을 넣을지는 여러분이 정하면 됩니다.

층, 손실, 그리고 L층 신경망 전체를 NumPy로 구현하세요. 여러분이 구한 기울기를 모범
답안의 기울기, 그리고 수치 미분(유한 차분)으로 구한 기울기와 비교합니다. 전달받은 배열은
절대 직접 수정하지 말고, 새 배열을 반환하세요.
"""

import numpy as np


def dense_forward(x, W, b):
    """Dense(완전 연결) 층의 순전파: ``out = x @ W + b``.

    매개변수
    --------
    x : numpy.ndarray, 모양 (n, d)
        입력 n개의 배치.
    W : numpy.ndarray, 모양 (d, m)
        가중치.
    b : numpy.ndarray, 모양 (m,)
        편향(배치 전체에 브로드캐스팅됨).

    반환값
    ------
    out : numpy.ndarray, 모양 (n, m)
    cache : object
        ``dense_backward``에 필요한 것(예: 튜플 ``(x, W)``).
    """
    # TODO: out을 계산해 캐시와 함께 반환하세요.
    raise NotImplementedError


def dense_backward(dout, cache):
    """Dense 층의 역전파.

    ``out = x @ W + b``이고 위층에서 내려온 기울기가 ``dout``일 때::

        dx = dout @ W.T        # (n, d)
        dW = x.T @ dout        # (d, m)
        db = dout.sum(axis=0)  # (m,): b는 배치의 모든 행에 더해졌음

    매개변수
    --------
    dout : numpy.ndarray, 모양 (n, m)
        ``out``에 대한 손실의 기울기.
    cache : object
        ``dense_forward``가 반환한 것.

    반환값
    ------
    tuple (dx, dW, db)
        각각 x (n, d), W (d, m), b (m,)와 모양이 같은 배열.
    """
    # TODO: 캐시를 풀고 연쇄 법칙을 적용하세요.
    raise NotImplementedError


def relu_forward(x):
    """ReLU의 순전파: 원소별 ``out = max(0, x)``.

    매개변수
    --------
    x : numpy.ndarray, 모양 무관

    반환값
    ------
    out : numpy.ndarray, x와 같은 모양
    cache : object
        ``relu_backward``에 필요한 것(예: x 자체).
    """
    # TODO: out을 계산해 캐시와 함께 반환하세요.
    raise NotImplementedError


def relu_backward(dout, cache):
    """ReLU의 역전파: ``x > 0``인 곳은 ``dout``을 그대로 통과시키고, 나머지는 0.

    ``x == 0``에서의 기울기는 0으로 봅니다.

    매개변수
    --------
    dout : numpy.ndarray, x와 같은 모양
        ReLU 출력에 대한 손실의 기울기.
    cache : object
        ``relu_forward``가 반환한 것.

    반환값
    ------
    dx : numpy.ndarray, x와 같은 모양
    """
    # TODO: x > 0으로 dout을 가리세요(새 배열로. dout을 직접 0으로 바꾸지 마세요).
    raise NotImplementedError


def softmax_cross_entropy(logits, y):
    """소프트맥스 교차 엔트로피 손실의 평균과, 로짓에 대한 그 기울기를 반환합니다.

    행마다 ``p = softmax(logits)``이고 행이 N개일 때::

        loss    = -sum(y * log(p)) / N
        dlogits = (p - y) / N

    안정적으로 계산하세요. 지수를 취하기 전에 각 행의 최댓값을 로짓에서 빼고,
    ``log(p)``는 0으로 언더플로했을지 모르는 확률에 ``log``를 씌우지 말고
    ``shifted - log(sum(exp(shifted)))``로 구하세요.

    매개변수
    --------
    logits : numpy.ndarray, 모양 (n, c)
        정규화하지 않은 클래스 점수.
    y : numpy.ndarray, 모양 (n, c)
        원-핫 타깃.

    반환값
    ------
    loss : float
        배치 평균 교차 엔트로피.
    dlogits : numpy.ndarray, 모양 (n, c)
        ``logits``에 대한 ``loss``의 기울기.

    예시
    ----
    >>> loss, dlogits = softmax_cross_entropy(np.zeros((2, 2)), np.eye(2))
    >>> round(loss, 6)
    0.693147
    >>> dlogits
    array([[-0.25,  0.25],
           [ 0.25, -0.25]])
    """
    # TODO: 안정적인 로그 소프트맥스, 배치 평균 손실, 기울기(1/N을 잊지 마세요).
    raise NotImplementedError


def mlp_loss_and_grads(X, y, params):
    """L층 MLP의 손실과 모든 파라미터의 기울기를 반환합니다.

    ``params``에는 ``"W1", "b1", ..., "WL", "bL"``이 들어 있습니다. L(1 이상)은 키에서
    알아내세요. 신경망은 다음과 같습니다::

        h = X
        for l in 1..L-1:  h = relu(dense(h, W_l, b_l))   # 은닉층
        logits = dense(h, W_L, b_L)                      # 출력층, ReLU 없음
        loss = softmax_cross_entropy(logits, y)

    층마다 캐시를 보관하며 순전파한 뒤, ``dlogits``에서 시작해 층을 거꾸로 거치며
    역전파하세요.

    매개변수
    --------
    X : numpy.ndarray, 모양 (n, d)
        입력.
    y : numpy.ndarray, 모양 (n, c)
        원-핫 타깃.
    params : str -> numpy.ndarray 딕셔너리
        모양 (d_{l-1}, d_l)인 ``W_l``과 모양 (d_l,)인 ``b_l``. d_0 = d, d_L = c입니다.

    반환값
    ------
    loss : float
    grads : str -> numpy.ndarray 딕셔너리
        ``params``와 키와 모양이 같습니다.
    """
    # TODO: 캐시를 남기며 순전파하고, 손실을 구하고, 역전파하며 grads를 채우세요.
    raise NotImplementedError
