// PUT /users/{id} replaces settings and profile together: every save sends the whole of both, changed.
import { api, put } from './http'
import type { Account, Profile, User } from './types'
import { setUser } from '../session'

export async function saveUser(user: User, account: Partial<Account>, profile: Partial<Profile> = {}): Promise<User> {
  const a = { ...user.account, ...account }
  const p = { ...user.profile, ...profile }
  const organization = user.role === 'organization'
  const body = {
    account: {
      darkMode: a.darkMode ?? false, language: a.language ?? 'en', interests: a.interests ?? [],
      ...(organization ? {} : { gender: a.gender || null, birthDate: a.birthDate || null }),
    },
    profile: { name: p.name, bio: p.bio || null, contacts: p.contacts ?? [] },
  }
  const updated = await put<User>(`/users/${user.id}`, body)
  setUser(updated)
  return updated
}

/** A presigned POST straight to the bucket; the media context checks the file and publishes it afterwards. */
export async function upload(kind: 'avatar' | 'poster', file: Blob, eventId?: string): Promise<void> {
  const contentType = ['image/png', 'image/webp'].includes(file.type) ? file.type : 'image/jpeg'
  const target = await api<{ url: string; fields: Record<string, string> }>('POST', '/media/uploads',
    { kind, contentType, ...(eventId ? { eventId } : {}) })
  const form = new FormData()
  Object.entries(target.fields).forEach(([k, v]) => form.append(k, v))
  form.append('file', file)
  // no-cors: the bucket's CORS rules name the deployed origins; the result is read back from the profile/event.
  await fetch(target.url, { method: 'POST', body: form, mode: 'no-cors' })
}

/** The largest centred square of an image, at most 1024 px, as PNG: the avatar/poster crop. */
export async function squareCrop(file: File): Promise<Blob> {
  const bitmap = await createImageBitmap(file)
  const side = Math.min(bitmap.width, bitmap.height)
  const out = Math.min(side, 1024)
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = out
  canvas.getContext('2d')!.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, out, out)
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('crop'))), 'image/png'))
}
