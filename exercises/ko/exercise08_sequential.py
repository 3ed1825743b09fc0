"""연습 08: Keras 순차 API (Sequential API)로 만드는 MLP.

연습 01-07에서는 NumPy로 신경망을 손수 만들었습니다. Keras는 그 뒷일을 대신 해 줍니다.
층을 나열하기만 하면 가중치, 순전파, 기울기, 학습 루프를 Keras가 만듭니다. 층을 나열하는
가장 간단한 방법은 *순차* API로, 각 층이 다음 층으로 이어지는 단순한 층 쌓기입니다.

    model = keras.Sequential([
        keras.Input(shape=(28, 28)),             # 28x28 흑백 이미지 한 장
        keras.layers.Flatten(),                  # (28, 28) -> (784,)
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])

노트에서는 첫 층을 ``Flatten(input_shape=(28, 28))``로 씁니다. 지금도 동작하지만
Keras 3은 명시적인 ``keras.Input``을 권장하며 ``input_shape``에는 경고를 냅니다. 여기서는
둘 다 받습니다. 배치 축은 모양에 넣지 않습니다. Keras는 배치 축을 ``None``으로 보여
줍니다(Flatten 뒤에는 ``(None, 784)``).

입력이 d개이고 유닛이 u개인 Dense 층의 파라미터는 ``d * u + u``개입니다(입력-유닛
쌍마다 가중치 하나, 유닛마다 편향 하나). 그래서 아래 기본 신경망은
784*64+64 + 64*128+128 + 128*10+10 = 59,850개이고, ``model.summary()``는 층마다
개수를 보여 줍니다.

학습하기 전에 ``model.compile``로 옵티마이저, 손실, 지표를 정합니다. 원-핫 레이블
(연습 06의 ``to_categorical``)이면 손실은 ``"categorical_crossentropy"``이고, 정수
레이블용으로는 ``"sparse_categorical_crossentropy"``가 있습니다. 노트는 정확도를
``"acc"``라는 이름으로 기록하므로 학습 기록(history)에는 ``acc``와 ``val_acc`` 키가
생깁니다.

``build_sequential_mlp``를 Keras 자체 층으로 구현하세요(Lambda 층이나 직접 만든 층
클래스는 안 됩니다. 채점기가 모델의 설정(config)으로 모델을 다시 만들기 때문입니다).
"""

from tensorflow import keras


def build_sequential_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    """정사각형 흑백 이미지용 다층 퍼셉트론을 만들고 컴파일합니다.

    구조(배치 축은 생략):

        입력 (input_size, input_size)
        -> Flatten                              (input_size * input_size,)
        -> Dense(hidden_units[0], relu)         (hidden_units[0],)
        -> ... hidden_units의 항목마다 Dense(units, relu)를 순서대로 하나씩
        -> Dense(num_classes, softmax)          (num_classes,)

    기본값이면 Flatten -> Dense(64, relu) -> Dense(128, relu) -> Dense(10, softmax)이고
    파라미터는 59,850개입니다. ``hidden_units=()``이면 은닉층이 하나도 없습니다.

    ``keras.optimizers.Adam(learning_rate=learning_rate)``, 손실
    ``"categorical_crossentropy"``, ``metrics=["acc"]``로 컴파일하세요.

    매개변수
    --------
    input_size : int
        입력 이미지의 높이이자 너비.
    hidden_units : int 튜플
        은닉 Dense 층마다의 유닛 수.
    num_classes : int
        출력 클래스 수(소프트맥스 층의 유닛 수).
    learning_rate : float
        Adam의 학습률.

    반환값
    ------
    keras.Sequential
        컴파일한 모델. 학습 전에도 ``model.summary()``와 ``model.count_params()``가
        동작하도록 입력 모양을 알고 있어야 합니다
        (``keras.Input(shape=(input_size, input_size))``로 시작하세요).
    """
    # TODO: keras.Sequential에 층을 쌓고 model.compile(...)을 호출한 뒤 모델을 반환하세요.
    raise NotImplementedError
