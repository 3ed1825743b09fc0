"""연습 09: Keras 함수형 API (Functional API).

순차 모델은 층을 한 줄로 쌓은 것입니다. 입력 하나, 출력 하나이고 각 층이 다음 층으로
이어집니다. *함수형* API는 같은 신경망을 텐서의 그래프로 기술합니다. ``keras.Input``으로
심볼릭 입력을 만들고, 각 층을 바로 앞의 텐서에 대해 호출한 다음(층은 텐서를 받아 텐서를
내는 함수입니다), 마지막으로 입력 텐서와 출력 텐서를 ``keras.Model``로 감쌉니다.

    inputs = keras.Input(shape=(28, 28))
    x = keras.layers.Flatten()(inputs)                       # (None, 784)
    x = keras.layers.Dense(64, activation="relu")(x)         # (None, 64)
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)

노트에서는 이 코드를 ``create_model()`` 함수 안에 씁니다. 여기서는 연습 08과 같은 인자를
받아 똑같은 층(같은 모양, 기본값이면 같은 59,850개의 파라미터)을 만들되,
``keras.Sequential`` 대신 ``keras.Input``과 ``keras.Model``로 만들어야 합니다.

순차 API로 표현할 수 없는 것은 입력이나 출력이 여럿인 그래프입니다.
``build_two_input_model``은 이미지 *와 함께* 추가 특성의 작은 벡터(예를 들어 이미지의
메타데이터)를 받습니다. 입력마다 자기 가지를 두고, 분류기 앞에서
``keras.layers.Concatenate()``로 가지를 나란히 이어 붙입니다((None, 64) 텐서와
(None, 16) 텐서가 (None, 80)이 됩니다). ``Add``로는 안 됩니다. 모양이 같아야 하고, 두
값을 모두 간직하는 대신 섞어 버리기 때문입니다. 입력이 여럿인 모델은 입력과 같은 순서의
배열 리스트로 호출합니다: ``model([images, features])``.

Keras 자체 층만 쓰세요(Lambda 층이나 직접 만든 층 클래스는 안 됩니다. 채점기가 모델의
설정(config)으로 모델을 다시 만들기 때문입니다).
"""

from tensorflow import keras


def build_functional_mlp(input_size=28, hidden_units=(64, 128), num_classes=10, learning_rate=0.001):
    """연습 08의 MLP를 함수형 API로 만들고 컴파일합니다.

    구조(배치 축은 생략):

        keras.Input(shape=(input_size, input_size))
        -> Flatten                              (input_size * input_size,)
        -> hidden_units의 항목마다 Dense(units, relu)를 순서대로 하나씩
        -> Dense(num_classes, softmax)          (num_classes,)

    기본값이면 Flatten -> Dense(64, relu) -> Dense(128, relu) -> Dense(10, softmax)이고
    파라미터는 59,850개입니다.

    ``keras.optimizers.Adam(learning_rate=learning_rate)``, 손실
    ``"categorical_crossentropy"``, ``metrics=["acc"]``로 컴파일하세요.

    매개변수
    --------
    input_size : int
        입력 이미지의 높이이자 너비.
    hidden_units : int 튜플
        은닉 Dense 층마다의 유닛 수(``()``이면 은닉층 없음).
    num_classes : int
        출력 클래스 수.
    learning_rate : float
        Adam의 학습률.

    반환값
    ------
    keras.Model
        ``keras.Model(inputs, outputs)``로 만든(``keras.Sequential``이 아닌) 컴파일한
        모델.
    """
    # TODO: keras.Input에서 시작해 텐서에 층을 차례로 호출하고, keras.Model로 감싼 뒤 컴파일하세요.
    raise NotImplementedError


def build_two_input_model(image_size=28, n_features=8, num_classes=10):
    """입력이 두 개(이미지와 특성 벡터)인 분류기를 만들고 컴파일합니다.

    입력은 이 순서대로입니다:

        image     keras.Input(shape=(image_size, image_size))
        features  keras.Input(shape=(n_features,))

    입력마다 자기 가지를 두고(예를 들어 이미지는 Flatten -> Dense(64, relu), 특성은
    Dense(16, relu). 은닉층은 자유롭게 고르세요), ``keras.layers.Concatenate()``로
    가지를 합친 뒤 ``Dense(num_classes, activation="softmax")``로 끝내세요.

    연습 08처럼 ``keras.optimizers.Adam(learning_rate=0.001)``,
    ``"categorical_crossentropy"``, ``metrics=["acc"]``로 컴파일하세요.

    검사는 이 모델을 간단한 이미지 256개로 두 에포크 학습시키고, 손실이
    처음 값의 99.5% 아래로 내려가야 합니다. 가지가 좁아도 통과합니다(이미지
    쪽 Dense(2)까지 측정했습니다). 통과하지 못하는 것은 아예 학습할 수 없는
    모델입니다: 학습하지 않도록 고정한 층, ReLU 앞의 커널을 모두 0으로
    초기화한 층, 또는 모든 값이 거쳐 가야 하는 ReLU 유닛 하나(처음부터 꺼져
    있을 수 있습니다).

    매개변수
    --------
    image_size : int
        입력 이미지의 높이이자 너비.
    n_features : int
        특성 벡터의 길이.
    num_classes : int
        출력 클래스 수.

    반환값
    ------
    keras.Model
        컴파일한 ``keras.Model(inputs=[image, features], outputs=...)``. 이미지
        ``(n, image_size, image_size)``와 특성 ``(n, n_features)``로
        ``model([images, features])``를 호출하면 출력의 모양은 ``(n, num_classes)``입니다.
    """
    # TODO: keras.Input 텐서 두 개, 각각의 가지, Concatenate, 소프트맥스 출력층을 만들고 컴파일하세요.
    raise NotImplementedError
