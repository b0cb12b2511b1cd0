/** "Who liked": the people who like a post (the latest hundred), each linking to their profile. */
import { createUniqueId, For } from "solid-js";
import { Avatar } from "../../components/Avatar.tsx";
import { Dialog } from "../../components/Dialog.tsx";
import { LoadedList } from "../../components/LoadedList.tsx";
import { ErrorAlert } from "../../components/Alert.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { trpc } from "../../lib/trpc.ts";
import { fullName } from "./format.ts";

export function LikersDialog(props: { postId: number | null; onClose: () => void }) {
  const id = `likers-${createUniqueId()}`;
  return (
    <Dialog open={props.postId !== null} onClose={props.onClose} labelledBy={id} class="dialog-likers">
      <h2 id={id} class="dialog-title">
        {t("posts.likersTitle")}
      </h2>
      <Likers postId={props.postId!} />
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={() => props.onClose()}>
          {t("common.close")}
        </button>
      </div>
    </Dialog>
  );
}

function Likers(props: { postId: number }) {
  const [people] = createLoader(
    () => props.postId,
    (postId) => trpc.posts.likers.query({ postId }),
  );
  return (
    <LoadedList loaded={people()} failure={(failure) => <ErrorAlert message={errorText(failure)} />} empty={<p class="muted">{t("posts.noLikes")}</p>}>
      {(list) => (
        <ul class="likers">
          <For each={list}>
            {(person) => (
              <li>
                <a href={`/u/${encodeURIComponent(person.username)}`} class="liker">
                  <Avatar person={person} avatar={person.avatarId} size="sm" />
                  <span>{fullName(person)}</span>
                  <span class="muted">@{person.username}</span>
                </a>
              </li>
            )}
          </For>
        </ul>
      )}
    </LoadedList>
  );
}
