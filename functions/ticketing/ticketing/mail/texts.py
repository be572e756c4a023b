"""The e-mails' words in the platform's five languages (those of web/src/i18n and of the ticket PDFs); a holder
whose language is unknown reads English. `render` gives the subject, the text part and the HTML part."""

from __future__ import annotations

import html
from typing import Any

from ..domain import iso_of
from .rules import Kind, Letter

DEFAULT = "en"

# kind -> language -> (subject, body); {event} {when} {where} {count} {amount} are filled in
TEXTS: dict[Kind, dict[str, tuple[str, str]]] = {
    Kind.ORDER_CONFIRMED: {
        "en": ("Your tickets for {event}", "Thank you! Your order is confirmed: {count} ticket(s) for {event}. "
               "Your tickets are attached as a PDF; show them at the entrance."),
        "it": ("I tuoi biglietti per {event}", "Grazie! Il tuo ordine è confermato: {count} biglietto/i per "
               "{event}. I biglietti sono allegati in PDF; mostrali all'ingresso."),
        "de": ("Deine Tickets für {event}", "Danke! Deine Bestellung ist bestätigt: {count} Ticket(s) für {event}. "
               "Die Tickets sind als PDF angehängt; zeige sie am Eingang vor."),
        "fr": ("Vos billets pour {event}", "Merci ! Votre commande est confirmée : {count} billet(s) pour {event}. "
               "Vos billets sont joints en PDF ; présentez-les à l'entrée."),
        "es": ("Tus entradas para {event}", "¡Gracias! Tu pedido está confirmado: {count} entrada(s) para {event}. "
               "Las entradas van adjuntas en PDF; muéstralas en la entrada."),
    },
    Kind.PAYMENT_FAILED: {
        "en": ("Your payment for {event} did not go through", "The payment for your order for {event} failed, so "
               "its tickets were released. Nothing was charged; you can try again."),
        "it": ("Il pagamento per {event} non è andato a buon fine", "Il pagamento del tuo ordine per {event} non è "
               "riuscito e i biglietti sono stati rilasciati. Nessun addebito; puoi riprovare."),
        "de": ("Deine Zahlung für {event} ist fehlgeschlagen", "Die Zahlung deiner Bestellung für {event} ist "
               "fehlgeschlagen, die Tickets wurden freigegeben. Es wurde nichts abgebucht; versuche es erneut."),
        "fr": ("Votre paiement pour {event} n'a pas abouti", "Le paiement de votre commande pour {event} a échoué ; "
               "les billets ont été libérés. Rien n'a été débité ; vous pouvez réessayer."),
        "es": ("Tu pago para {event} no se ha completado", "El pago de tu pedido para {event} ha fallado y las "
               "entradas se han liberado. No se ha cobrado nada; puedes volver a intentarlo."),
    },
    Kind.HOLD_EXPIRED: {
        "en": ("Your reservation for {event} expired", "Your order for {event} was not paid in time, so its "
               "tickets were released. Nothing was charged."),
        "it": ("La tua prenotazione per {event} è scaduta", "Il tuo ordine per {event} non è stato pagato in "
               "tempo e i biglietti sono stati rilasciati. Nessun addebito."),
        "de": ("Deine Reservierung für {event} ist abgelaufen", "Deine Bestellung für {event} wurde nicht "
               "rechtzeitig bezahlt, die Tickets wurden freigegeben. Es wurde nichts abgebucht."),
        "fr": ("Votre réservation pour {event} a expiré", "Votre commande pour {event} n'a pas été payée à temps ; "
               "les billets ont été libérés. Rien n'a été débité."),
        "es": ("Tu reserva para {event} ha caducado", "Tu pedido para {event} no se pagó a tiempo y las entradas "
               "se han liberado. No se ha cobrado nada."),
    },
    Kind.LATE_PAYMENT_REFUNDED: {
        "en": ("Your late payment for {event} was refunded", "Your payment for {event} arrived after your "
               "reservation had expired and its tickets were released, so {amount} was refunded."),
        "it": ("Il tuo pagamento in ritardo per {event} è stato rimborsato", "Il pagamento per {event} è arrivato "
               "dopo la scadenza della prenotazione: {amount} ti è stato rimborsato."),
        "de": ("Deine verspätete Zahlung für {event} wurde erstattet", "Deine Zahlung für {event} kam nach Ablauf "
               "der Reservierung an, daher wurden {amount} erstattet."),
        "fr": ("Votre paiement tardif pour {event} a été remboursé", "Votre paiement pour {event} est arrivé après "
               "l'expiration de la réservation : {amount} vous a été remboursé."),
        "es": ("Tu pago tardío para {event} ha sido reembolsado", "Tu pago para {event} llegó después de que "
               "caducara la reserva, así que se te han reembolsado {amount}."),
    },
    Kind.EVENT_CANCELLED: {
        "en": ("{event} is cancelled", "We are sorry: {event} is cancelled. Your tickets are refunded to the card "
               "you paid with."),
        "it": ("{event} è stato annullato", "Ci dispiace: {event} è stato annullato. I tuoi biglietti sono "
               "rimborsati sulla carta con cui hai pagato."),
        "de": ("{event} wurde abgesagt", "Es tut uns leid: {event} wurde abgesagt. Deine Tickets werden auf die "
               "Karte erstattet, mit der du bezahlt hast."),
        "fr": ("{event} est annulé", "Nous sommes désolés : {event} est annulé. Vos billets sont remboursés sur la "
               "carte utilisée pour le paiement."),
        "es": ("{event} se ha cancelado", "Lo sentimos: {event} se ha cancelado. Tus entradas se reembolsan en la "
               "tarjeta con la que pagaste."),
    },
    Kind.EVENT_CHANGED: {
        "en": ("{event} has changed", "{event} now takes place on {when} at {where}. Your tickets stay valid."),
        "it": ("{event} è cambiato", "{event} ora si terrà il {when} presso {where}. I tuoi biglietti restano "
               "validi."),
        "de": ("{event} hat sich geändert", "{event} findet jetzt am {when} in {where} statt. Deine Tickets "
               "bleiben gültig."),
        "fr": ("{event} a changé", "{event} a désormais lieu le {when} à {where}. Vos billets restent valables."),
        "es": ("{event} ha cambiado", "{event} se celebra ahora el {when} en {where}. Tus entradas siguen siendo "
               "válidas."),
    },
    Kind.EVENT_REMINDER: {
        "en": ("{event} is tomorrow", "A reminder: {event} takes place on {when} at {where}. Your tickets are in "
               "your account and in your confirmation e-mail."),
        "it": ("{event} è domani", "Promemoria: {event} si terrà il {when} presso {where}. I tuoi biglietti sono "
               "nel tuo account e nell'e-mail di conferma."),
        "de": ("{event} ist morgen", "Zur Erinnerung: {event} findet am {when} in {where} statt. Deine Tickets "
               "findest du in deinem Konto und in der Bestätigungs-E-Mail."),
        "fr": ("{event} a lieu demain", "Rappel : {event} a lieu le {when} à {where}. Vos billets sont dans votre "
               "compte et dans l'e-mail de confirmation."),
        "es": ("{event} es mañana", "Recordatorio: {event} se celebra el {when} en {where}. Tus entradas están en "
               "tu cuenta y en el correo de confirmación."),
    },
    Kind.REFUND_APPROVED: {
        "en": ("Your refund for {event} was approved", "The organizer of {event} approved your refund request: "
               "{amount} is on its way back to your card, and the ticket is no longer valid."),
        "it": ("Il tuo rimborso per {event} è stato approvato", "L'organizzatore di {event} ha approvato la tua "
               "richiesta di rimborso: {amount} torna sulla tua carta e il biglietto non è più valido."),
        "de": ("Deine Erstattung für {event} wurde genehmigt", "Der Veranstalter von {event} hat deinen "
               "Erstattungsantrag genehmigt: {amount} geht auf deine Karte zurück, das Ticket ist nicht mehr gültig."),
        "fr": ("Votre remboursement pour {event} a été approuvé", "L'organisateur de {event} a approuvé votre "
               "demande : {amount} revient sur votre carte et le billet n'est plus valable."),
        "es": ("Tu reembolso de {event} fue aprobado", "El organizador de {event} aprobó tu solicitud de "
               "reembolso: {amount} vuelve a tu tarjeta y la entrada ya no es válida."),
    },
    Kind.WAITING_LIST_OFFER: {
        "en": ("A ticket for {event} is held for you", "A ticket you were waiting for came back: it is held for "
               "you until {when}. Open the event's page on EvenToNight and pay it before then, or it passes to the "
               "next in line."),
        "it": ("Un biglietto per {event} è riservato per te", "Un biglietto che aspettavi è tornato disponibile: è "
               "riservato per te fino a {when}. Apri la pagina dell'evento su EvenToNight e pagalo entro allora, "
               "altrimenti passa al prossimo in lista."),
        "de": ("Ein Ticket für {event} ist für dich reserviert", "Ein Ticket, auf das du gewartet hast, ist wieder "
               "frei: Es ist bis {when} für dich reserviert. Öffne die Seite des Events auf EvenToNight und bezahle "
               "es bis dahin, sonst geht es an den Nächsten auf der Warteliste."),
        "fr": ("Un billet pour {event} vous est réservé", "Un billet que vous attendiez est revenu : il vous est "
               "réservé jusqu'au {when}. Ouvrez la page de l'événement sur EvenToNight et payez-le d'ici là, sinon "
               "il passe au suivant sur la liste."),
        "es": ("Una entrada para {event} está reservada para ti", "Una entrada que esperabas ha vuelto: está "
               "reservada para ti hasta el {when}. Abre la página del evento en EvenToNight y págala antes, o pasará "
               "al siguiente de la lista."),
    },
}
UNKNOWN_EVENT = {"en": "your event", "it": "il tuo evento", "de": "deine Veranstaltung", "fr": "votre événement",
                 "es": "tu evento"}
STOP = {Kind.EVENT_CHANGED: {"en": "Stop e-mails when an event of your tickets changes",
                              "it": "Non ricevere più e-mail quando un evento dei tuoi biglietti cambia",
                              "de": "Keine E-Mails mehr, wenn sich ein Event deiner Tickets ändert",
                              "fr": "Ne plus recevoir d'e-mails quand un événement de vos billets change",
                              "es": "No recibir más correos cuando cambie un evento de tus entradas"},
        Kind.EVENT_REMINDER: {"en": "Stop reminders the day before an event of your tickets",
                              "it": "Non ricevere più promemoria il giorno prima di un evento dei tuoi biglietti",
                              "de": "Keine Erinnerungen mehr am Tag vor einem Event deiner Tickets",
                              "fr": "Ne plus recevoir de rappels la veille d'un événement de vos billets",
                              "es": "No recibir más recordatorios el día antes de un evento de tus entradas"}}
UNKNOWN_PLACE = {"en": "the announced place", "it": "il luogo annunciato", "de": "dem angekündigten Ort",
                 "fr": "l'endroit annoncé", "es": "el lugar anunciado"}


def _when(starts_at: str | None) -> str:
    return starts_at.replace("T", " ")[:16] + " UTC" if starts_at else "?"


def _amount(value: dict[str, Any] | None) -> str:
    if not value:
        return ""
    return f"{value['amount'] / 100:.2f} {value['currency']}"


def render(letter: Letter, language: str | None, event_title: str | None,
           unsubscribe: str | None = None) -> tuple[str, str, str]:
    """(subject, text, html) of the letter in `language` (English when it is not one of the five); a
    non-essential letter ends with its stop link (`unsubscribe`, the URL)."""
    lang = language if language in TEXTS[letter.kind] else DEFAULT
    subject, body = TEXTS[letter.kind][lang]
    facts = letter.facts
    when = facts.get("startsAt") or (iso_of(facts["offerUntil"]) if facts.get("offerUntil") else None)
    values = {"event": event_title or UNKNOWN_EVENT[lang], "when": _when(when),
              "where": facts.get("location") or UNKNOWN_PLACE[lang], "count": facts.get("ticketCount", ""),
              "amount": _amount(facts.get("amount"))}
    subject, text = " ".join(subject.format(**values).split()), body.format(**values)  # one header line
    escaped = {k: html.escape(str(v)) for k, v in values.items()}
    stop_text = stop_html = ""
    if unsubscribe:
        stop = STOP[letter.kind][lang]
        stop_text = f"\n{stop}: {unsubscribe}\n"
        stop_html = f"<p><a href=\"{html.escape(unsubscribe)}\">{html.escape(stop)}</a></p>"
    markup = (f"<!doctype html><html lang=\"{lang}\"><body><h1>{html.escape(subject)}</h1>"
              f"<p>{body.format(**escaped)}</p><p>EvenToNight</p>{stop_html}</body></html>")
    return subject, text + "\n\nEvenToNight\n" + stop_text, markup
