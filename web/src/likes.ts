// The events the logged-in user likes, loaded once per login (one page of 100: enough for the cards' hearts;
// the event page asks the API for its own event).
import { reactive, watch } from 'vue'
import { del, get, post, type Page } from './api/http'
import { session } from './session'

export const liked = reactive(new Set<string>())

watch(() => session.user?.id, async (id) => {
  liked.clear()
  if (!id) return
  const page = await get<Page<{ eventId: string }>>(`/interactions/users/${id}/likes`, { limit: 100 }).catch(() => null)
  page?.items.forEach((i) => liked.add(i.eventId))
}, { immediate: true })

export async function setLiked(eventId: string, like: boolean): Promise<void> {
  const me = session.user!.id
  if (like) {
    await post(`/interactions/events/${eventId}/likes`, {})
    liked.add(eventId)
  } else {
    await del(`/interactions/events/${eventId}/likes/${me}`)
    liked.delete(eventId)
  }
}
