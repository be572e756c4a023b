import type en from './en'

export default {
  app: { name: 'EvenToNight', skip: 'Vai al contenuto', menu: 'Menu', footer: 'Notti per cui vale la pena uscire.' },
  nav: {
    home: 'Home', explore: 'Esplora', login: 'Accedi', register: 'Registrati', logout: 'Esci', profile: 'Il mio profilo',
    settings: 'Impostazioni', createEvent: 'Crea evento', chat: 'Messaggi', notifications: 'Notifiche',
    about: 'Chi siamo', privacy: 'Privacy', terms: 'Termini', search: 'Cerca eventi e persone', theme: 'Tema',
    language: 'Lingua',
  },
  theme: { on: 'Scuro', off: 'Chiaro', auto: 'Sistema' },
  common: {
    loading: 'Caricamento…', loadMore: 'Carica altri', noResults: 'Ancora niente qui.', error: 'Qualcosa è andato storto.',
    retry: 'Riprova', save: 'Salva', cancel: 'Annulla', delete: 'Elimina', confirm: 'Conferma', close: 'Chiudi',
    seeAll: 'Vedi tutti', saved: 'Salvato', free: 'Gratis', from: 'da {price}', back: 'Indietro', optional: 'facoltativo',
    edit: 'Modifica', by: 'di {name}',
  },
  home: {
    hero: 'Trova la tua prossima serata', heroText: 'Concerti, feste e spettacoli vicino a te, da chi li organizza.',
    drafts: 'Le mie bozze', upcoming: 'In arrivo', popular: 'Popolari', categories: 'Categorie', newest: 'Novità',
    forYou: 'Per te',
  },
  category: {
    EventType: 'Tipo di evento', Venue: 'Locale', MusicStyle: 'Genere musicale', Special: 'Speciali', Target: 'Pubblico',
    Extra: 'Extra',
  },
  auth: {
    username: 'Nome utente', usernameOrEmail: 'Nome utente o e-mail', email: 'E-mail', password: 'Password',
    confirmPassword: 'Conferma password', organization: 'Sono un\'organizzazione', login: 'Accedi', register: 'Registrati',
    noAccount: 'Non hai un account?', haveAccount: 'Sei già registrato?', mismatch: 'Le password non coincidono',
    loginRequired: 'Accedi per farlo', badCredentials: 'Nome utente o password errati',
  },
  explore: {
    title: 'Esplora', events: 'Eventi', organizations: 'Organizzazioni', people: 'Persone', search: 'Cerca',
    sort: 'Ordina', sortDateAsc: 'Data, prima i più vicini', sortDateDesc: 'Data, prima i più lontani',
    sortPriceAsc: 'Prezzo crescente', sortPriceDesc: 'Prezzo decrescente', date: 'Quando', anyDate: 'Sempre',
    today: 'Oggi', thisWeek: 'Questa settimana', thisMonth: 'Questo mese', custom: 'Intervallo', from: 'Dal', to: 'Al',
    price: 'Prezzo', anyPrice: 'Qualsiasi prezzo', freeOnly: 'Gratis', customPrice: 'Personalizzato',
    minPrice: 'Prezzo minimo', maxPrice: 'Prezzo massimo', tags: 'Tag', mode: 'Mostra', all: 'Tutti',
    upcoming: 'In arrivo', popular: 'Popolari', forYou: 'Per te', newest: 'Novità', nearby: 'Vicino a me',
    clear: 'Azzera filtri', results: 'Risultati',
  },
  event: {
    like: 'Mi piace', unlike: 'Non mi piace più', likes: '{n} mi piace', when: 'Quando', where: 'Dove',
    map: 'Apri nella mappa', tags: 'Tag', organizer: 'Organizzatore', collaborators: 'Collaboratori',
    tickets: 'Biglietti', buy: 'Compra biglietti', soldOut: 'Esaurito', noTickets: 'Nessun biglietto disponibile',
    reviews: 'Recensioni', noReviews: 'Ancora nessuna recensione.', allReviews: 'Tutte le recensioni dell\'organizzatore',
    poster: 'Locandina di {title}', status: {
      DRAFT: 'Bozza', PUBLISHED: 'Pubblicato', CANCELLED: 'Annullato', COMPLETED: 'Concluso',
    }, edit: 'Modifica evento', myTickets: 'I miei biglietti', downloadTickets: 'Scarica i biglietti (PDF)',
    buyMore: 'Comprane altri', untitled: 'Bozza senza titolo',
  },
  profile: {
    followers: 'Follower', following: 'Seguiti', follow: 'Segui', unfollow: 'Non seguire più', message: 'Messaggio',
    edit: 'Modifica profilo', avatar: 'Avatar di {name}', upcoming: 'In arrivo', past: 'Passati',
    tabs: {
      publishedEvents: 'Eventi', drafted: 'Bozze', likes: 'Mi piace', events: 'Partecipazioni', tickets: 'Biglietti',
      reviews: 'Recensioni',
    },
    organization: 'Organizzazione', member: 'Membro',
  },
  settings: {
    title: 'Impostazioni', general: 'Generali', language: 'Lingua', password: 'Password', myReviews: 'Le mie recensioni',
    darkMode: 'Modalità scura', birthDate: 'Data di nascita', gender: 'Genere', genders: {
      '': 'Preferisco non dirlo', female: 'Donna', male: 'Uomo', other: 'Altro',
    }, interests: 'Interessi (massimo 5)', tooManyInterests: 'Al massimo 5 interessi',
    currentPassword: 'Password attuale', newPassword: 'Nuova password', changePassword: 'Cambia password',
    passwordChanged: 'Password cambiata: accedi di nuovo', deleteAccount: 'Elimina account',
    deleteConfirm: 'Eliminare il tuo account e tutto ciò che contiene? Non si può annullare.',
  },
  edit: {
    title: 'Modifica profilo', name: 'Nome', bio: 'Bio', website: 'Sito web', avatar: 'Avatar',
    chooseAvatar: 'Scegli un\'immagine', removeAvatar: 'Rimuovi avatar', uploading: 'Caricamento…',
    uploaded: 'Immagine caricata: apparirà tra poco',
  },
  form: {
    create: 'Crea evento', edit: 'Modifica evento', title: 'Titolo', date: 'Data', time: 'Ora',
    timezone: 'Fuso orario', description: 'Descrizione', tags: 'Tag', collaborators: 'Collaboratori',
    collaboratorSearch: 'Cerca organizzazioni', location: 'Città', locationHint: 'Inizia a scrivere una città',
    venue: 'Nome del locale', road: 'Via', houseNumber: 'Civico', postcode: 'CAP', poster: 'Locandina (quadrata)',
    saveDraft: 'Salva bozza', publish: 'Pubblica', deleteConfirm: 'Eliminare questo evento? Non si può annullare.',
    futureDate: 'La data deve essere nel futuro', required: 'Obbligatorio', ticketTypes: 'Tipi di biglietto',
    ticketPriceOf: 'Prezzo di {name}', ticketQuantityOf: 'Quantità di {name}', ticketsSold: '{n} venduti',
    deleteTicketType: 'Elimina {name}', ticketTypeDeleted: '{name} eliminato',
    addTicket: 'Aggiungi un tipo di biglietto', ticketName: 'Nome', ticketPrice: 'Prezzo', ticketQuantity: 'Quantità',
    remove: 'Rimuovi', saved: 'Salvato',
  },
  reviews: {
    title: 'Recensioni di {name}', average: 'Voto medio', total: '{n} recensioni', stars: '{n} stelle',
    rating: 'Voto', reviewTitle: 'Titolo', comment: 'Commento', write: 'Scrivi una recensione',
    submit: 'Pubblica recensione', filterRating: 'Voto', filterEvent: 'Evento', anyRating: 'Qualsiasi voto',
    anyEvent: 'Qualsiasi evento',
  },
  chat: {
    title: 'Messaggi', search: 'Cerca conversazioni', empty: 'Ancora nessuna conversazione.',
    placeholder: 'Scrivi un messaggio', send: 'Invia', pick: 'Scegli una conversazione', unread: '{n} non letti',
  },
  tickets: {
    title: 'Biglietti', purchase: 'Compra biglietti', quantity: 'Quantità di {name}', available: 'ne restano {n}',
    total: 'Totale', checkout: 'Vai al pagamento', holdExpires: 'I tuoi biglietti sono riservati per {time}', holdLeft: 'Manca {n} minuto | Mancano {n} minuti', resume: 'Riprendi il pagamento',
    verify: 'Controllo biglietto', valid: 'Biglietto valido: benvenuto!', used: 'Questo biglietto è già stato usato',
    verifying: 'Controllo del biglietto…',
  },
  notifications: {
    title: 'Notifiche', empty: 'Nessuna notifica.', unread: '{n} non lette', markRead: 'Segna tutte come lette',
    like: 'A {name} piace {event}', follow: '{name} ha iniziato a seguirti', review: '{name} ha recensito {event}',
    new_event: '{name} ha pubblicato {event}', message: 'Nuovo messaggio da {name}',
  },
  pages: {
    notFound: 'Pagina non trovata', notFoundText: 'Non c\'è niente a questo indirizzo.', forbidden: 'Non consentito',
    forbiddenText: 'Non puoi aprire questa pagina.', serverError: 'Errore del server',
    serverErrorText: 'Qualcosa si è rotto da parte nostra. Riprova più tardi.',
    about: 'EvenToNight mette in contatto le persone con chi organizza le serate che amano: scopri eventi, segui gli organizzatori, compra biglietti e scrivi loro.',
    privacy: 'Conserviamo solo ciò che serve al servizio: il tuo account, il tuo profilo e ciò che fai sulla piattaforma. Elimina l\'account nelle impostazioni e sparisce.',
    terms: 'Sii gentile, pubblica solo eventi che organizzi tu e rispetta la legge e le persone ai tuoi eventi.',
  },
} satisfies typeof en
