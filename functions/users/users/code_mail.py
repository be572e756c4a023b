"""The texts of the codes Cognito e-mails (verification, password reset), in the user's language.

Cognito knows the language by the account's `locale` attribute, which the users context keeps in step with the
language of the account's settings (its `user.language.changed`, handled by handlers/consume.py). `{code}` stands
for Cognito's code parameter.
"""

from __future__ import annotations

RESET, VERIFY = "reset", "verify"

TEXTS = {
    "en": {RESET: ("EvenToNight: your password reset code",
                   "Your code to reset your EvenToNight password is {code}. It works once, for an hour. If you did "
                   "not ask for it, ignore this message: your password stays as it is."),
           VERIFY: ("EvenToNight: your verification code",
                    "Your code to verify your EvenToNight e-mail address is {code}. It works once, for a day. If you "
                    "did not ask for it, ignore this message.")},
    "it": {RESET: ("EvenToNight: il codice per reimpostare la password",
                   "Il tuo codice per reimpostare la password di EvenToNight è {code}. Vale una volta, per un'ora. "
                   "Se non l'hai chiesto, ignora questo messaggio: la password resta quella di prima."),
           VERIFY: ("EvenToNight: il tuo codice di verifica",
                    "Il tuo codice per verificare l'indirizzo e-mail di EvenToNight è {code}. Vale una volta, per un "
                    "giorno. Se non l'hai chiesto, ignora questo messaggio.")},
    "de": {RESET: ("EvenToNight: dein Code zum Zurücksetzen des Passworts",
                   "Dein Code zum Zurücksetzen deines EvenToNight-Passworts lautet {code}. Er gilt einmal, eine "
                   "Stunde lang. Wenn du ihn nicht angefordert hast, ignoriere diese Nachricht: dein Passwort bleibt."),
           VERIFY: ("EvenToNight: dein Bestätigungscode",
                    "Dein Code zur Bestätigung deiner EvenToNight-E-Mail-Adresse lautet {code}. Er gilt einmal, einen "
                    "Tag lang. Wenn du ihn nicht angefordert hast, ignoriere diese Nachricht.")},
    "es": {RESET: ("EvenToNight: tu código para restablecer la contraseña",
                   "Tu código para restablecer tu contraseña de EvenToNight es {code}. Sirve una vez, durante una "
                   "hora. Si no lo pediste, ignora este mensaje: tu contraseña no cambia."),
           VERIFY: ("EvenToNight: tu código de verificación",
                    "Tu código para verificar tu dirección de correo de EvenToNight es {code}. Sirve una vez, durante "
                    "un día. Si no lo pediste, ignora este mensaje.")},
    "fr": {RESET: ("EvenToNight : votre code de réinitialisation",
                   "Votre code pour réinitialiser votre mot de passe EvenToNight est {code}. Il sert une fois, "
                   "pendant une heure. Si vous ne l'avez pas demandé, ignorez ce message : votre mot de passe ne "
                   "change pas."),
           VERIFY: ("EvenToNight : votre code de vérification",
                    "Votre code pour vérifier votre adresse e-mail EvenToNight est {code}. Il sert une fois, pendant "
                    "un jour. Si vous ne l'avez pas demandé, ignorez ce message.")},
}


def language_of(locale: str | None) -> str:
    """Our language of a `locale` attribute ("it", "it-IT", "it_IT"), English for any other."""
    language = (locale or "").replace("_", "-").split("-")[0].lower()
    return language if language in TEXTS else "en"


def code_mail(kind: str, locale: str | None, code: str) -> tuple[str, str]:
    """(subject, message) of a `kind` code e-mail."""
    subject, message = TEXTS[language_of(locale)][kind]
    return subject, message.format(code=code)
