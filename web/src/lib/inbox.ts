// The inbox in the web app: unread counts, following a store, and the live stream (Server-Sent Events read with
// fetch, so the bearer token goes in a header; after a drop it reconnects with Last-Event-ID and gets what it missed).
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client, data, loadSession, type Schemas } from './api.ts';
import type { Lang } from '../i18n/index.ts';

export type InboxMessage = Schemas['InboxMessage'];
export type InboxUnread = Schemas['InboxUnread'];
export type FollowSource = Schemas['FollowSource'];
export type NoticeKind = Schemas['NoticeKind'];

export const unreadKey = ['inbox', 'unread'] as const;

export function useUnread(enabled: boolean) {
  // Outside the inbox (where the live stream keeps it current) the count is read again every minute.
  return useQuery({ queryKey: unreadKey, enabled, refetchInterval: 60_000, queryFn: ({ signal }) => data(client.GET('/api/inbox/unread', { signal })) });
}

/** A message's text in the reader's language (a notice), or what was written (a conversation). */
export const messageText = (m: InboxMessage, lang: Lang) => m.texts?.[lang] ?? m.text ?? '';

/** Keeps the buyer's live stream open while mounted; new messages refresh the inbox's queries. Says whether it is connected. */
export function useInboxLive(enabled: boolean) {
  const qc = useQueryClient();
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let lastId: number | undefined;
    let abort: AbortController | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      abort = new AbortController();
      try {
        const token = loadSession()?.token;
        const res = await fetch('/api/inbox/live', {
          headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(lastId !== undefined ? { 'last-event-id': String(lastId) } : {}) },
          signal: abort.signal,
        });
        if (!res.ok || !res.body) throw new Error(`live inbox: ${res.status}`);
        setConnected(true);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            let event = 'message';
            let payload = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) lastId = Number(line.slice(4));
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) payload += line.slice(6);
            }
            if (!payload) continue;
            if (event === 'message') void qc.invalidateQueries({ queryKey: ['inbox', 'list'] });
            else if (event === 'unread') qc.setQueryData(unreadKey, JSON.parse(payload) as InboxUnread);
          }
        }
      } catch {
        // dropped or refused: try again in a moment
      }
      setConnected(false);
      if (!stopped) retry = setTimeout(run, 2000);
    };
    void run();
    return () => {
      stopped = true;
      abort?.abort();
      if (retry) clearTimeout(retry);
    };
  }, [enabled, qc]);
  return connected;
}

export function useFollow(storeId: string, enabled = true) {
  return useQuery({ queryKey: ['follows', storeId], enabled, queryFn: ({ signal }) => data(client.GET('/api/follows/{storeId}', { params: { path: { storeId } }, signal })) });
}

export function useFollowStore(storeId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { source: FollowSource; orderId?: string }) => data(client.PUT('/api/follows/{storeId}', { params: { path: { storeId } }, body })),
    onSuccess: (f) => {
      qc.setQueryData(['follows', storeId], f);
      void qc.invalidateQueries({ queryKey: ['follows', 'mine'] });
      void qc.invalidateQueries({ queryKey: ['storefront', 'home', 'following'] });
    },
  });
}
