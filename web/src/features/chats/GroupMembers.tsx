/**
 * A group's members, the admin marked. The admin may remove a member or hand them the admin role
 * (each after a confirmation) and add people by username.
 */
import { createSignal, For, Show } from "solid-js";
import type { ChatMember, ChatSummary } from "../../../../shared/chats.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { IconButton } from "../../components/IconButton.tsx";
import { StarIcon, TrashIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import { me } from "../../lib/session.ts";
import { trpc } from "../../lib/trpc.ts";
import { fullName } from "./format.ts";
import type { GroupAction } from "./GroupInfoDialog.tsx";
import { PeoplePicker, type Picked } from "./PeoplePicker.tsx";

export function GroupMembers(props: { chat: ChatSummary; isAdmin: boolean; act: GroupAction }) {
  const [removing, setRemoving] = createSignal<ChatMember | null>(null);
  const [promoting, setPromoting] = createSignal<ChatMember | null>(null);
  const [people, setPeople] = createSignal<Picked[]>([]);
  const [adding, setAdding] = createSignal(false);
  const chatId = () => props.chat.id;

  const addPeople = async () => {
    if (people().length === 0 || adding()) return;
    setAdding(true);
    const n = people().length;
    const ok = await props.act(() => trpc.chats.addMembers.mutate({ chatId: chatId(), userIds: people().map((p) => p.id) }), () => t("groups.added", { n }));
    if (ok) setPeople([]);
    setAdding(false);
  };

  return (
    <section class="group-members" aria-labelledby="group-members-title">
      <h3 id="group-members-title" class="subheading">
        {t("groups.members")}
      </h3>
      <ul class="member-list" aria-label={t("groups.membersLabel")}>
        <For each={props.chat.members}>
          {(m) => {
            const isMe = () => m.id === me()?.id;
            return (
              <li class="member">
                <Avatar person={m} avatar={m.avatarId} size="sm" />
                <span class="member-name">
                  <a href={`/u/${encodeURIComponent(m.username)}`}>{fullName(m)}</a>
                  <Show when={isMe()}>
                    <span class="muted"> {t("groups.youMark")}</span>
                  </Show>
                  <span class="member-handle muted">@{m.username}</span>
                </span>
                <Show when={m.id === props.chat.adminId}>
                  <span class="badge">{t("groups.admin")}</span>
                </Show>
                <Show when={props.isAdmin && !isMe()}>
                  <span class="member-tools">
                    <IconButton label={t("groups.makeAdminLabel", { name: fullName(m) })} onClick={() => setPromoting(m)}>
                      <StarIcon />
                    </IconButton>
                    <IconButton label={t("groups.removeMemberLabel", { name: fullName(m) })} danger onClick={() => setRemoving(m)}>
                      <TrashIcon />
                    </IconButton>
                  </span>
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
      <Show when={props.isAdmin}>
        <div class="group-add">
          <h3 class="subheading">{t("groups.addMembers")}</h3>
          <PeoplePicker people={people()} onChange={setPeople} excludeIds={props.chat.members.map((m) => m.id)} />
          <Show when={people().length > 0}>
            <button type="button" class="btn btn-primary" disabled={adding()} onClick={() => void addPeople()}>
              {adding() ? t("common.working") : t("groups.addMembers")}
            </button>
          </Show>
        </div>
      </Show>
      <ConfirmDialog
        open={removing() !== null}
        onClose={() => setRemoving(null)}
        title={t("groups.removeTitle")}
        message={t("groups.removeText", { name: removing() ? fullName(removing()!) : "" })}
        confirmLabel={t("groups.remove")}
        onConfirm={async () => {
          const m = removing();
          if (!m) return;
          await props.act(() => trpc.chats.removeMember.mutate({ chatId: chatId(), userId: m.id }), () => t("groups.removed", { name: fullName(m) }));
        }}
      />
      <ConfirmDialog
        open={promoting() !== null}
        onClose={() => setPromoting(null)}
        title={t("groups.makeAdminTitle")}
        message={t("groups.makeAdminText", { name: promoting() ? fullName(promoting()!) : "" })}
        confirmLabel={t("groups.makeAdmin")}
        onConfirm={async () => {
          const m = promoting();
          if (!m) return;
          await props.act(() => trpc.chats.transferAdmin.mutate({ chatId: chatId(), userId: m.id }), () => t("groups.adminChanged", { name: fullName(m) }));
        }}
      />
    </section>
  );
}
