export type Role = 'member' | 'organization'

export interface Account {
  username: string
  email?: string
  emailVerified?: boolean
  twoFactor?: boolean
  darkMode?: boolean
  language?: string
  gender?: string | null
  birthDate?: string | null
  interests?: string[]
}

export interface Profile { name: string; avatar?: string; bio?: string | null; contacts?: string[] }

export interface User { id: string; role: Role; account: Account; profile: Profile }

export interface Tokens { accessToken: string; expiresIn: number; refreshToken?: string }

export interface Money { amount: number; currency: string }

export interface Location {
  name?: string; country?: string; countryCode?: string; state?: string; province?: string; city?: string
  road?: string; postcode?: string; houseNumber?: string; lat?: number; lon?: number; link?: string
}

export type EventStatus = 'DRAFT' | 'PUBLISHED' | 'CANCELLED' | 'COMPLETED'

export interface EventItem {
  eventId: string
  status: EventStatus
  title?: string
  description?: string
  tags?: string[]
  location?: Location
  date?: string
  timezone?: string
  startsAt?: string
  endDate?: string
  endsAt?: string
  instant?: string
  creatorId: string
  creatorName?: string
  collaboratorIds?: string[]
  /** Organizations invited that have not accepted yet: only the creator sees them. */
  invitedCollaboratorIds?: string[]
  poster?: string
  isFree?: boolean
  price?: { min: Money; max: Money }
}

export interface Person { userId: string; name?: string; username?: string; avatar?: string }

export interface Review {
  id: string; eventId: string; userId: string; creatorId: string; rating: number; title: string
  comment?: string; createdAt: string; user?: Person; eventName?: string
}

export interface RatingStats { averageRating: number; totalReviews: number; ratingDistribution: Record<string, number> }

export interface TagCategory { category: string; tags: string[] }
