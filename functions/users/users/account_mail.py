"""The users context's own e-mails, in the owner's language: the code that confirms a new address (sent to it),
and the notice to the old address that the account's address changed. Sent through SES (kernel.outgoing_mail)."""

from __future__ import annotations

from html import escape

from kernel import outgoing_mail

TEXTS = {
    "en": {"code_subject": "EvenToNight: confirm your new e-mail address",
           "code": "Your code is {code}. Enter it in your settings to make {email} your EvenToNight address; it "
                   "works once, for a day. If you did not ask for it, ignore this message.",
           "notice_subject": "EvenToNight: your e-mail address was changed",
           "notice": "The e-mail address of your EvenToNight account {username} is now {email}; mail goes there "
                     "from now on. If you did not change it, reset your password and contact us."},
    "it": {"code_subject": "EvenToNight: conferma il tuo nuovo indirizzo e-mail",
           "code": "Il tuo codice è {code}. Inseriscilo nelle impostazioni per rendere {email} il tuo indirizzo "
                   "EvenToNight; vale una volta, per un giorno. Se non l'hai chiesto, ignora questo messaggio.",
           "notice_subject": "EvenToNight: il tuo indirizzo e-mail è cambiato",
           "notice": "L'indirizzo e-mail del tuo account EvenToNight {username} ora è {email}; da adesso la posta "
                     "arriva lì. Se non l'hai cambiato tu, reimposta la password e contattaci."},
    "de": {"code_subject": "EvenToNight: Bestätige deine neue E-Mail-Adresse",
           "code": "Dein Code lautet {code}. Gib ihn in deinen Einstellungen ein, um {email} zu deiner "
                   "EvenToNight-Adresse zu machen; er gilt einmal, einen Tag lang. Wenn du ihn nicht angefordert "
                   "hast, ignoriere diese Nachricht.",
           "notice_subject": "EvenToNight: Deine E-Mail-Adresse wurde geändert",
           "notice": "Die E-Mail-Adresse deines EvenToNight-Kontos {username} lautet jetzt {email}; E-Mails gehen "
                     "ab jetzt dorthin. Wenn du sie nicht geändert hast, setze dein Passwort zurück und schreib uns."},
    "es": {"code_subject": "EvenToNight: confirma tu nueva dirección de correo",
           "code": "Tu código es {code}. Introdúcelo en tus ajustes para que {email} sea tu dirección de "
                   "EvenToNight; sirve una vez, durante un día. Si no lo pediste, ignora este mensaje.",
           "notice_subject": "EvenToNight: tu dirección de correo ha cambiado",
           "notice": "La dirección de correo de tu cuenta de EvenToNight {username} ahora es {email}; desde ahora "
                     "el correo llega allí. Si no la cambiaste tú, restablece tu contraseña y contáctanos."},
    "fr": {"code_subject": "EvenToNight : confirmez votre nouvelle adresse e-mail",
           "code": "Votre code est {code}. Saisissez-le dans vos paramètres pour que {email} devienne votre "
                   "adresse EvenToNight ; il sert une fois, pendant un jour. Si vous ne l'avez pas demandé, "
                   "ignorez ce message.",
           "notice_subject": "EvenToNight : votre adresse e-mail a été modifiée",
           "notice": "L'adresse e-mail de votre compte EvenToNight {username} est désormais {email} ; le courrier "
                     "y arrive dorénavant. Si vous ne l'avez pas modifiée, réinitialisez votre mot de passe et "
                     "contactez-nous."},
}


def _texts(language: str) -> dict[str, str]:
    return TEXTS.get(language, TEXTS["en"])


def _send(to: str, subject: str, text: str) -> None:
    outgoing_mail.send(to, subject, text, f"<p>{escape(text)}</p>")


def send_code(to: str, code: str, language: str) -> None:
    texts = _texts(language)
    _send(to, texts["code_subject"], texts["code"].format(code=code, email=to))


def send_notice(to: str, username: str, new_email: str, language: str) -> None:
    texts = _texts(language)
    _send(to, texts["notice_subject"], texts["notice"].format(username=username, email=new_email))
