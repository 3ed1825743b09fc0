"""Korean: the rules a Korean text needs once its placeholders are filled, and what its script asks of a
terminal and a plotting font."""
import re

FONT_SAMPLE = "가한"  # two distinct glyphs: a real Hangul font, not one placeholder per Unicode block
WIDE = True


# Korean particles depend on the sound before them, which a template cannot know for a {placeholder}:
# translators write both forms, "을(를)", and they are settled once the word before is known.
_PARTICLES = {"을(를)": ("을", "를"), "이(가)": ("이", "가"), "은(는)": ("은", "는"), "과(와)": ("과", "와"),
              "와(과)": ("과", "와"), "(으)로": ("으로", "로"), "(이)라": ("이라", "라")}
_PARTICLE = re.compile(r"([가-힣0-9])(['\"`]*)(" + "|".join(re.escape(p) for p in _PARTICLES) + ")")
# The final consonant of each digit as read in Korean (영 일 이 삼 사 오 육 칠 팔 구): "" none, "ㄹ", or "+" another.
_DIGIT_CODA = dict(zip("0123456789", ["+", "ㄹ", "", "+", "", "", "+", "ㄹ", "ㄹ", ""]))


def _coda(char):
    """'' if ``char`` (a Hangul syllable or a digit) ends in a vowel, 'ㄹ' for a final ㄹ, '+' otherwise."""
    if char.isdigit():
        return _DIGIT_CODA[char]
    final = (ord(char) - 0xAC00) % 28
    return "" if final == 0 else "ㄹ" if final == 8 else "+"


def resolve_particles(text):
    """Korean ``text`` with each dual particle after Hangul or a digit in its one right form."""
    def pick(match):
        word, quotes, particle = match.groups()
        with_coda, without = _PARTICLES[particle]
        coda = _coda(word)
        has_coda = coda == "+" if particle == "(으)로" else bool(coda)  # ㄹ takes 로, like a vowel
        return word + quotes + (with_coda if has_coda else without)
    return _PARTICLE.sub(pick, text)


def finish(text):
    """A filled Korean template with its particles settled."""
    return resolve_particles(text)
