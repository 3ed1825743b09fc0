"""Korean: the rules a Korean text needs once its placeholders are filled, and what its script asks of a
terminal and a plotting font."""
import re

FONT_SAMPLE = "가한"  # two distinct glyphs: a real Hangul font, not one placeholder per Unicode block
WIDE = True


# Korean particles depend on the sound before them, which a template cannot know for a {placeholder}:
# translators write both forms, "을(를)", and they are settled once the word before is known: Hangul, a
# digit or a Latin word (code, an answer such as 'O'), also behind closing quotes and brackets, so
# "'O'(이)라고" becomes "'O'라고" and "relu(z)이(가)" becomes "relu(z)가" (read 제트가).
_PARTICLES = {"을(를)": ("을", "를"), "이(가)": ("이", "가"), "은(는)": ("은", "는"), "과(와)": ("과", "와"),
              "와(과)": ("과", "와"), "(으)로": ("으로", "로"), "(이)라": ("이라", "라")}
_PARTICLE = re.compile(r"([가-힣0-9]|(?<![A-Za-z])[A-Za-z]+)([)\]}'\"`]*)("
                       + "|".join(re.escape(p) for p in _PARTICLES) + ")")
# The final consonant of each digit as read in Korean (영 일 이 삼 사 오 육 칠 팔 구): "" none, "ㄹ", or "+" another.
_DIGIT_CODA = dict(zip("0123456789", ["+", "ㄹ", "", "+", "", "", "+", "ㄹ", "ㄹ", ""]))
# Latin letters as Korean reads them (에이, 비, ..., 엘, 엠, 엔, ..., 알, ...): only L, M, N and R end in a consonant.
_LETTER_CODA = {"l": "ㄹ", "r": "ㄹ", "m": "+", "n": "+"}
# Endings of English words read with a final consonant (모델, 아담, 스텝, 드롭아웃, 타입); the rest end in a vowel
# sound in Korean (렐루, 소프트맥스, 시그모이드, 필터).
_WORD_CODA = re.compile(r"(?P<l>l)$|(?P<other>m|n|ng|out|put|ype|[aeiou]p)$")


def _coda(word):
    """'' if ``word`` (Hangul, a digit or a Latin word) ends in a vowel, 'ㄹ' for a final ㄹ, '+' otherwise."""
    char = word[-1]
    if char.isdigit():
        return _DIGIT_CODA[char]
    if "가" <= char <= "힣":
        final = (ord(char) - 0xAC00) % 28
        return "" if final == 0 else "ㄹ" if final == 8 else "+"
    if len(word) == 1 or (word.isupper() and len(word) <= 5):  # a letter, or an acronym read letter by letter
        return _LETTER_CODA.get(char.lower(), "")
    match = _WORD_CODA.search(word.lower())
    return "" if match is None else "ㄹ" if match["l"] else "+"


def resolve_particles(text):
    """Korean ``text`` with each dual particle after Hangul, a digit or a Latin word in its one right form."""
    def pick(match):
        word, closers, particle = match.groups()
        with_coda, without = _PARTICLES[particle]
        coda = _coda(word)
        has_coda = coda == "+" if particle == "(으)로" else bool(coda)  # ㄹ takes 로, like a vowel
        return word + closers + (with_coda if has_coda else without)
    return _PARTICLE.sub(pick, text)


def finish(text):
    """A filled Korean template with its particles settled."""
    return resolve_particles(text)
