// The notifications WebSocket: opened while someone is logged in, closed on logout, reconnecting with backoff.
// Frames {type, data} become toasts and bump the unread count; other modules may listen (chat).
import { ref, watch } from 'vue'
import { i18n } from './i18n'
import { currentToken, session } from './session'

export interface Frame { type: string; data: Record<string, unknown> }
export interface Toast { id: number; text: string }

export const toasts = ref<Toast[]>([])
export const unread = ref(0)
export const connected = ref(false)
const listeners = new Set<(frame: Frame) => void>()
let socket: WebSocket | null = null
let retry = 0
let timer: number | undefined
let nextToast = 1

export function onFrame(listener: (frame: Frame) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function toast(text: string): void {
  const id = nextToast++
  toasts.value.push({ id, text })
  window.setTimeout(() => (toasts.value = toasts.value.filter((t) => t.id !== id)), 6000)
}

async function websocketUrl(): Promise<string> {
  try {
    const config = (await (await fetch('/config.json')).json()) as { websocketUrl?: string }
    if (config.websocketUrl) return config.websocketUrl
  } catch {
    // no config: derive it below
  }
  const port = Number(location.port || (location.protocol === 'https:' ? 443 : 80)) + 1
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.hostname}:${port}/`
}

function describe(frame: Frame): string | null {
  const d = frame.data ?? {}
  const name = String(d.userName ?? d.username ?? d.name ?? d.senderName ?? d.creatorName ?? '')
  const event = String(d.eventName ?? d.eventTitle ?? d.title ?? '')
  const key = `notifications.${frame.type}`
  return i18n.global.te(key) ? i18n.global.t(key, { name, event }) : null
}

async function connect(): Promise<void> {
  const token = currentToken()
  if (!token || socket) return
  const url = new URL(await websocketUrl())
  url.searchParams.set('token', token)
  const ws = new WebSocket(url)
  socket = ws
  ws.onopen = () => {
    retry = 0
    connected.value = true
  }
  ws.onmessage = (message) => {
    let frame: Frame
    try {
      frame = JSON.parse(String(message.data)) as Frame
    } catch {
      return
    }
    if (frame.type === 'pong') return
    listeners.forEach((l) => l(frame))
    const text = describe(frame)
    if (text) {
      unread.value += 1
      toast(text)
    }
  }
  ws.onclose = () => {
    connected.value = false
    socket = null
    if (session.user) timer = window.setTimeout(connect, Math.min(30000, 1000 * 2 ** retry++))
  }
}

function disconnect(): void {
  window.clearTimeout(timer)
  const ws = socket
  socket = null
  ws?.close()
  unread.value = 0
}

watch(() => session.user?.id, (id) => (id ? void connect() : disconnect()), { immediate: true })
window.setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send('{"action":"ping"}'), 240000)
