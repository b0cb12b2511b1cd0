/**
 * Comments by others on my posts (`post.commented` on my user topic): a toast leading to my
 * publications, and a count for the header's "Publications" link until I open that page. Loaded
 * with the header, so it is small and imports nothing heavy.
 */
import { createSignal } from "solid-js";
import { t } from "../../i18n/index.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { pushToast } from "../chats/live.ts";

const [unseen, setUnseen] = createSignal(0);

/** Comments on my posts since I last opened /publications. */
export const unseenComments = unseen;
export const clearUnseenComments = () => setUnseen(0);

onServerEvent((event) => {
  if (event.type !== "post.commented") return;
  setUnseen((n) => n + 1);
  const { author } = event.comment;
  pushToast({
    heading: t("posts.commentedOn", { name: `${author.firstName} ${author.lastName}`.trim(), title: event.title }),
    text: event.comment.body,
    from: author,
    at: event.comment.createdAt,
    href: "/publications",
  });
});
