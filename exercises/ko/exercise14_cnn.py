"""연습 14: Keras로 만드는 합성곱 신경망 (CNN).

다층 퍼셉트론은 이미지를 먼저 펼쳐 버리므로 어떤 픽셀끼리 이웃인지를 잃어버립니다.
합성곱 신경망은 이미지의 2차원 공간 구조를 그대로 유지합니다. 각 ``Conv2D`` 층은 작은 커널을
이미지 위에서 옮겨 가며(연습 12) 모서리나 획 같은 국소 패턴을 학습하는데, 커널 하나를
모든 위치에서 함께 쓰므로 모든 픽셀에 연결된 Dense 층보다 가중치가 훨씬 적습니다.

노트에 나오는 28x28 흑백 이미지용 신경망(NHWC, 채널 축은 마지막, 배치 축은 생략.
연습 11에서 이 모양과 개수를 계산합니다):

    층                                          출력           파라미터
    Conv2D(16, 3, padding="same", relu)         (28, 28, 16)   3*3*1*16+16  =    160
    Conv2D(32, 4, padding="same", relu)         (28, 28, 32)   4*4*16*32+32 =  8,224
    Conv2D(64, 4, padding="valid", relu)        (25, 25, 64)   4*4*32*64+64 = 32,832
    MaxPool2D(2)                                (12, 12, 64)                       0
    Flatten                                     (9216,)                            0
    Dropout(0.5)                                (9216,)                            0
    Dense(50, relu)                             (50,)          9216*50+50   = 460,850
    Dense(20, relu)                             (20,)                          1,020
    Dense(10, softmax)                          (10,)                            210
                                                               합계           503,296

"same" 패딩은 28x28을 유지하고, "valid"는 28 - 4 + 1 = 25로 줄이며, 풀링은 (내림하여)
절반인 12로 줄입니다. 드롭아웃(연습 13)은 학습할 때만 펼친 특성 9,216개 중 절반을
무작위로 꺼서, 가중치 대부분이 몰려 있는 큰 Dense(50) 층의 과적합을 막습니다.

Keras 자체 층만 쓰세요(Lambda 층이나 직접 만든 층 클래스는 안 됩니다. 채점기가 모델의
설정(config)으로 모델을 다시 만들기 때문입니다). 검사에서는 임의로 만든 작은 이미지 세트로
모델을 잠깐 학습시켜 보고, 모델이 그 이미지를 배우는지도 확인합니다.
"""

from tensorflow import keras


def build_cnn(input_shape=(28, 28, 1), num_classes=10, dropout_rate=0.5, learning_rate=0.001):
    """노트의 CNN을 만들고 컴파일합니다.

    ``keras.Input(shape=input_shape)`` 다음에 올 층을 순서대로 적으면:

        Conv2D(16, 3, padding="same", activation="relu")
        Conv2D(32, 4, padding="same", activation="relu")
        Conv2D(64, 4, padding="valid", activation="relu")
        MaxPool2D(2)
        Flatten()
        Dropout(dropout_rate)
        Dense(50, activation="relu")
        Dense(20, activation="relu")
        Dense(num_classes, activation="softmax")

    연습 08처럼 ``keras.optimizers.Adam(learning_rate=learning_rate)``,
    ``"categorical_crossentropy"``, ``metrics=["acc"]``로 컴파일하세요.

    매개변수
    --------
    input_shape : int 튜플
        이미지 한 장의 ``(높이, 너비, 채널)``. 예: ``(28, 28, 1)``.
    num_classes : int
        출력 클래스 수.
    dropout_rate : float
        학습 중에 드롭아웃이 끄는, 펼친 특성의 비율.
    learning_rate : float
        Adam의 학습률.

    반환값
    ------
    keras.Model
        컴파일한 모델(``keras.Sequential`` 또는 함수형 ``keras.Model``). 기본값이면
        ``(n, 28, 28, 1)`` 이미지를 ``(n, 10)`` 클래스 확률로 바꾸며 파라미터는
        503,296개입니다.
    """
    # TODO: 층을 쌓고(keras.Sequential이 가장 간단함), 컴파일한 뒤 모델을 반환하세요.
    raise NotImplementedError
