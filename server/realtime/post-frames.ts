/**
 * Post frames from clients: which posts a socket has on screen (post:<id> topics) and whether it
 * shows a feed (`feed` topic). Posts are public, so no check beyond the frame's shape: a watched
 * id that does not exist simply never gets a frame.
 */
import type { ClientEvent } from "../../shared/events.ts";
import type { Socket } from "./connections.ts";
import { topics } from "./topics.ts";

export function watchPosts(ws: Socket, frame: Extract<ClientEvent, { type: "post.watch" }>) {
  const next = new Set(frame.postIds);
  const current = ws.data.watchedPosts ?? new Set<number>();
  for (const id of current) if (!next.has(id)) ws.unsubscribe(topics.post(id));
  for (const id of next) if (!current.has(id)) ws.subscribe(topics.post(id));
  ws.data.watchedPosts = next.size ? next : null;
}

export function watchFeed(ws: Socket, frame: Extract<ClientEvent, { type: "feed.watch" }>) {
  if (frame.on) ws.subscribe(topics.feed);
  else ws.unsubscribe(topics.feed);
}
