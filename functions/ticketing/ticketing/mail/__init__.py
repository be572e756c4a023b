"""E-mail to buyers and ticket holders, sent by the context that knows them (orders, tickets, holders per event,
their languages, the PDFs): confirmation with the tickets attached, the release and refund notices, the event
moved or cancelled. `rules` decides who gets which mail once per what (plain Python), `texts` words it in the
holder's language, `ledger` keeps what was sent (once per topic and recipient) and what holders were told of an
event's time and place, `post` addresses and sends a letter (kernel.outgoing_mail: SES, and Cognito for the
address - the e-mail never travels on the bus).
"""
