const en = {
  app: { name: 'EvenToNight', skip: 'Skip to content', menu: 'Menu', footer: 'Nights worth going out for.' },
  nav: {
    home: 'Home', explore: 'Explore', login: 'Log in', register: 'Sign up', logout: 'Log out', profile: 'My profile',
    settings: 'Settings', createEvent: 'Create event', chat: 'Messages', notifications: 'Notifications',
    about: 'About', privacy: 'Privacy', terms: 'Terms', search: 'Search events and people', theme: 'Theme',
    language: 'Language',
  },
  theme: { on: 'Dark', off: 'Light', auto: 'System' },
  common: {
    loading: 'Loading…', loadMore: 'Load more', noResults: 'Nothing here yet.', error: 'Something went wrong.',
    retry: 'Try again', save: 'Save', cancel: 'Cancel', delete: 'Delete', confirm: 'Confirm', close: 'Close',
    seeAll: 'See all', saved: 'Saved', free: 'Free', from: 'from {price}', back: 'Back', optional: 'optional',
    edit: 'Edit', by: 'by {name}',
  },
  home: {
    hero: 'Find your next night out', heroText: 'Concerts, parties and shows near you, from the people who make them.',
    drafts: 'My drafts', upcoming: 'Upcoming', popular: 'Popular', categories: 'Categories', newest: 'Newest',
    forYou: 'For you',
  },
  category: {
    EventType: 'Event type', Venue: 'Venue', MusicStyle: 'Music style', Special: 'Special', Target: 'Audience',
    Extra: 'Extras',
  },
  auth: {
    username: 'Username', usernameOrEmail: 'Username or e-mail', email: 'E-mail', password: 'Password',
    confirmPassword: 'Confirm password', organization: 'I am an organization', login: 'Log in', register: 'Sign up',
    noAccount: 'No account yet?', haveAccount: 'Already registered?', mismatch: 'The passwords do not match',
    loginRequired: 'Log in to do this', badCredentials: 'Wrong username or password',
  },
  explore: {
    title: 'Explore', events: 'Events', organizations: 'Organizations', people: 'People', search: 'Search',
    sort: 'Sort', sortDateAsc: 'Date, soonest first', sortDateDesc: 'Date, latest first',
    sortPriceAsc: 'Price, lowest first', sortPriceDesc: 'Price, highest first', date: 'When', anyDate: 'Any time',
    today: 'Today', thisWeek: 'This week', thisMonth: 'This month', custom: 'Custom range', from: 'From', to: 'To',
    price: 'Price', anyPrice: 'Any price', freeOnly: 'Free', customPrice: 'Custom', minPrice: 'Minimum price',
    maxPrice: 'Maximum price', tags: 'Tags', mode: 'Show', all: 'All', upcoming: 'Upcoming', popular: 'Popular',
    forYou: 'For you', newest: 'Newest', nearby: 'Near me', clear: 'Clear filters', results: 'Results',
  },
  event: {
    like: 'Like', unlike: 'Unlike', likes: '{n} likes', when: 'When', where: 'Where', map: 'Open in maps',
    tags: 'Tags', organizer: 'Organizer', collaborators: 'Collaborators', tickets: 'Tickets', buy: 'Buy tickets',
    soldOut: 'Sold out', noTickets: 'No tickets available', reviews: 'Reviews', noReviews: 'No reviews yet.',
    allReviews: 'All reviews of the organizer', poster: 'Poster of {title}', status: {
      DRAFT: 'Draft', PUBLISHED: 'Published', CANCELLED: 'Cancelled', COMPLETED: 'Completed',
    }, edit: 'Edit event', myTickets: 'My tickets', downloadTickets: 'Download tickets (PDF)', buyMore: 'Buy more',
    untitled: 'Untitled draft',
  },
  profile: {
    followers: 'Followers', following: 'Following', follow: 'Follow', unfollow: 'Unfollow', message: 'Message',
    edit: 'Edit profile', avatar: 'Avatar of {name}', upcoming: 'Upcoming', past: 'Past',
    tabs: {
      publishedEvents: 'Events', drafted: 'Drafts', likes: 'Likes', events: 'Going', tickets: 'Tickets',
      reviews: 'Reviews',
    },
    organization: 'Organization', member: 'Member',
  },
  settings: {
    title: 'Settings', general: 'General', language: 'Language', password: 'Password', myReviews: 'My reviews',
    darkMode: 'Dark mode', birthDate: 'Birth date', gender: 'Gender', genders: {
      '': 'Prefer not to say', female: 'Female', male: 'Male', other: 'Other',
    }, interests: 'Interests (up to 5)', tooManyInterests: 'At most 5 interests',
    currentPassword: 'Current password', newPassword: 'New password', changePassword: 'Change password',
    passwordChanged: 'Password changed: log in again', deleteAccount: 'Delete account',
    deleteConfirm: 'Delete your account and everything in it? This cannot be undone.',
  },
  edit: {
    title: 'Edit profile', name: 'Name', bio: 'Bio', website: 'Website', avatar: 'Avatar',
    chooseAvatar: 'Choose a picture', removeAvatar: 'Remove avatar', uploading: 'Uploading…',
    uploaded: 'Picture uploaded: it appears in a moment',
  },
  form: {
    create: 'Create event', edit: 'Edit event', title: 'Title', date: 'Date', time: 'Time',
    timezone: 'Time zone', description: 'Description', tags: 'Tags', collaborators: 'Collaborators',
    collaboratorSearch: 'Search organizations', location: 'City', locationHint: 'Start typing a city',
    venue: 'Venue name', road: 'Street', houseNumber: 'Number', postcode: 'Postcode', poster: 'Poster (square)',
    saveDraft: 'Save draft', publish: 'Publish', deleteConfirm: 'Delete this event? This cannot be undone.',
    futureDate: 'The date must be in the future', required: 'Required', ticketTypes: 'Ticket types',
    ticketPriceOf: 'Price of {name}', ticketQuantityOf: 'Quantity of {name}', ticketsSold: '{n} sold',
    deleteTicketType: 'Delete {name}', ticketTypeDeleted: '{name} deleted',
    addTicket: 'Add a ticket type', ticketName: 'Name', ticketPrice: 'Price', ticketQuantity: 'Quantity',
    remove: 'Remove', saved: 'Saved',
  },
  reviews: {
    title: 'Reviews of {name}', average: 'Average rating', total: '{n} reviews', stars: '{n} stars',
    rating: 'Rating', reviewTitle: 'Title', comment: 'Comment', write: 'Write a review', submit: 'Publish review',
    filterRating: 'Rating', filterEvent: 'Event', anyRating: 'Any rating', anyEvent: 'Any event',
  },
  chat: {
    title: 'Messages', search: 'Search conversations', empty: 'No conversations yet.', placeholder: 'Write a message',
    send: 'Send', pick: 'Pick a conversation', unread: '{n} unread',
  },
  tickets: {
    title: 'Tickets', purchase: 'Buy tickets', quantity: 'Quantity of {name}', available: '{n} left',
    total: 'Total', checkout: 'Go to payment', holdExpires: 'Your tickets are held for {time}', holdLeft: '{n} minute left | {n} minutes left', resume: 'Resume payment', verify: 'Ticket check',
    valid: 'Valid ticket: welcome!', used: 'This ticket was already used', verifying: 'Checking the ticket…',
  },
  notifications: {
    title: 'Notifications', empty: 'No notifications.', unread: '{n} unread', markRead: 'Mark all as read',
    like: '{name} liked {event}', follow: '{name} started following you', review: '{name} reviewed {event}',
    new_event: '{name} published {event}', message: 'New message from {name}',
  },
  pages: {
    notFound: 'Page not found', notFoundText: 'There is nothing at this address.', forbidden: 'Not allowed',
    forbiddenText: 'You cannot open this page.', serverError: 'Server error',
    serverErrorText: 'Something broke on our side. Please try again later.',
    about: 'EvenToNight connects people with the organizers of the nights they love: discover events, follow organizers, buy tickets and chat with them.',
    privacy: 'We keep only what the service needs: your account, your profile and what you do on the platform. Delete your account in the settings and it is gone.',
    terms: 'Be kind, publish only events you organize, and respect the law and the people at your events.',
  },
}
export default en
