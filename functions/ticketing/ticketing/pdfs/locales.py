"""The words printed on tickets, in the reference's five languages (a holder's unknown language falls back to en).

Dates are written out with the language's month names; amounts with its decimal separator."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT = "en"


@dataclass(frozen=True)
class Words:
    code: str
    ticket: str
    ticket_id: str
    event_id: str
    date: str
    venue: str
    ticket_type: str
    attendee: str
    price: str
    purchased: str
    status: str
    scan_hint: str
    not_valid: str  # printed on a ticket that would not pass the door (any status but ACTIVE)
    months: tuple[str, ...]
    date_format: str  # {day} {month} {year} {time}
    decimal_separator: str
    statuses: dict[str, str]


LANGUAGES: dict[str, Words] = {
    "en": Words(
        code="en", ticket="Ticket", ticket_id="Ticket ID", event_id="Event ID", date="Date", venue="Venue",
        ticket_type="Ticket type", attendee="Attendee", price="Price", purchased="Purchased on", status="Status",
        scan_hint="Show this code at the entrance.", not_valid="This ticket is not valid for entry.",
        months=("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"),
        date_format="{month} {day}, {year}, {time}", decimal_separator=".",
        statuses={"ACTIVE": "Valid", "USED": "Used", "REFUNDED": "Refunded", "CANCELLED": "Cancelled",
                  "PENDING_PAYMENT": "Awaiting payment", "PAYMENT_FAILED": "Payment failed"}),
    "it": Words(
        code="it", ticket="Biglietto", ticket_id="ID biglietto", event_id="ID evento", date="Data", venue="Luogo",
        ticket_type="Tipo di biglietto", attendee="Partecipante", price="Prezzo", purchased="Acquistato il",
        status="Stato", scan_hint="Mostra questo codice all'ingresso.",
        not_valid="Questo biglietto non è valido per l'ingresso.",
        months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
                "ottobre", "novembre", "dicembre"),
        date_format="{day} {month} {year}, {time}", decimal_separator=",",
        statuses={"ACTIVE": "Valido", "USED": "Usato", "REFUNDED": "Rimborsato", "CANCELLED": "Annullato",
                  "PENDING_PAYMENT": "In attesa di pagamento", "PAYMENT_FAILED": "Pagamento non riuscito"}),
    "de": Words(
        code="de", ticket="Ticket", ticket_id="Ticket-ID", event_id="Veranstaltungs-ID", date="Datum", venue="Ort",
        ticket_type="Ticketart", attendee="Teilnehmer", price="Preis", purchased="Gekauft am", status="Status",
        scan_hint="Zeigen Sie diesen Code am Eingang vor.", not_valid="Dieses Ticket berechtigt nicht zum Eintritt.",
        months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                "November", "Dezember"),
        date_format="{day}. {month} {year}, {time}", decimal_separator=",",
        statuses={"ACTIVE": "Gültig", "USED": "Entwertet", "REFUNDED": "Erstattet", "CANCELLED": "Storniert",
                  "PENDING_PAYMENT": "Zahlung ausstehend", "PAYMENT_FAILED": "Zahlung fehlgeschlagen"}),
    "es": Words(
        code="es", ticket="Entrada", ticket_id="ID de entrada", event_id="ID del evento", date="Fecha", venue="Lugar",
        ticket_type="Tipo de entrada", attendee="Asistente", price="Precio", purchased="Comprada el",
        status="Estado", scan_hint="Muestra este código en la entrada.",
        not_valid="Esta entrada no es válida para el acceso.",
        months=("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                "octubre", "noviembre", "diciembre"),
        date_format="{day} de {month} de {year}, {time}", decimal_separator=",",
        statuses={"ACTIVE": "Válida", "USED": "Usada", "REFUNDED": "Reembolsada", "CANCELLED": "Cancelada",
                  "PENDING_PAYMENT": "Pendiente de pago", "PAYMENT_FAILED": "Pago fallido"}),
    "fr": Words(
        code="fr", ticket="Billet", ticket_id="N° de billet", event_id="N° d'événement", date="Date", venue="Lieu",
        ticket_type="Type de billet", attendee="Participant", price="Prix", purchased="Acheté le",
        status="Statut", scan_hint="Présentez ce code à l'entrée.",
        not_valid="Ce billet n'est pas valable pour l'entrée.",
        months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                "novembre", "décembre"),
        date_format="{day} {month} {year}, {time}", decimal_separator=",",
        statuses={"ACTIVE": "Valable", "USED": "Utilisé", "REFUNDED": "Remboursé", "CANCELLED": "Annulé",
                  "PENDING_PAYMENT": "En attente de paiement", "PAYMENT_FAILED": "Paiement échoué"}),
}


def words(language: str | None) -> Words:
    return LANGUAGES.get((language or DEFAULT).lower(), LANGUAGES[DEFAULT])
