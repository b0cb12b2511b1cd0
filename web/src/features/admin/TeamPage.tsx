/**
 * /admin/team: the moderators and admins (`moderation.team`). An admin finds a person with the
 * people search (`people.search`, 250 ms after typing stops; an answer to an older text is
 * dropped) and makes them a moderator, or takes a moderator's role away — each with a reason
 * (`moderation.setRole`). Admins themselves are made only from the server's command line, which
 * the page says; a moderator sees the list only.
 */
import { createSignal, For, onCleanup, Show } from "solid-js";
import type { PersonCard } from "../../../../shared/friends.ts";
import type { TeamMember } from "../../../../shared/moderation.ts";
import { ErrorAlert, RetryAlert, StatusMessage } from "../../components/Alert.tsx";
import { Avatar } from "../../components/Avatar.tsx";
import { Field } from "../../components/Field.tsx";
import { LoadedList } from "../../components/LoadedList.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { me } from "../../lib/session.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import { AdminPage } from "./AdminShell.tsx";
import { fullName, roleLabel } from "./format.ts";
import { ReasonDialog } from "./ReasonDialog.tsx";
import "./admin.css";

const SEARCH_DELAY_MS = 250;
const SHOWN = 8;

type Change = { person: { id: string; firstName: string; lastName: string }; role: "member" | "moderator" };

function Person(props: { person: { username: string; firstName: string; lastName: string; id: string; avatarId: string | null } }) {
  return (
    <a href={`/u/${encodeURIComponent(props.person.username)}`} class="report-person team-person">
      <Avatar person={props.person} avatar={props.person.avatarId} size="sm" />
      <span>{fullName(props.person)}</span> <span class="muted">@{props.person.username}</span>
    </a>
  );
}

function AddModerator(props: { team: readonly TeamMember[]; onMake: (p: PersonCard) => void }) {
  const [text, setText] = createSignal("");
  const [found, setFound] = createSignal<PersonCard[] | null>(null);
  const [failure, setFailure] = createSignal<AppError | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  onCleanup(() => clearTimeout(timer));

  function search(value: string) {
    clearTimeout(timer);
    const query = value.trim();
    const mine = ++asked;
    if (!query) {
      setFound(null);
      setFailure(null);
      return;
    }
    timer = setTimeout(async () => {
      try {
        const page = await trpc.people.search.query({ query, limit: SHOWN });
        if (mine === asked) {
          setFound(page.items);
          setFailure(null);
        }
      } catch (error) {
        if (mine === asked) setFailure(readError(error));
      }
    }, SEARCH_DELAY_MS);
  }

  const roleOf = (id: string) => props.team.find((m) => m.person.id === id)?.role;

  return (
    <section class="card team-add" aria-labelledby="team-add-title">
      <h2 id="team-add-title">{t("admin.team.addTitle")}</h2>
      <Field
        name="team-search"
        type="text"
        label={t("admin.team.search")}
        hint={t("admin.team.searchHint")}
        value={text()}
        autocomplete="off"
        onValue={(v) => {
          setText(v);
          search(v);
        }}
      />
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <div role="status" class="visually-hidden">
        {found() ? (found()!.length ? t("friends.peopleCount", { n: found()!.length }) : t("admin.team.noPeople")) : ""}
      </div>
      <Show when={found()}>
        {(people) => (
          <Show when={people().length} fallback={<p class="muted">{t("admin.team.noPeople")}</p>}>
            <ul class="team-list" aria-label={t("admin.team.found")}>
              <For each={people()}>
                {(person) => (
                  <li class="team-row">
                    <Person person={person} />
                    <Show
                      when={roleOf(person.id)}
                      fallback={
                        <button type="button" class="btn btn-small btn-primary" onClick={() => props.onMake(person)}>
                          {t("admin.team.make")}
                        </button>
                      }
                    >
                      {(role) => <span class="badge badge-neutral">{`${roleLabel(role())} · ${t("admin.team.inTeam")}`}</span>}
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}

export default function TeamPage() {
  const [team, { refetch }] = createLoader(() => true, () => trpc.moderation.team.query());
  const [change, setChange] = createSignal<Change | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const isAdmin = () => me()?.role === "admin";
  const members = () => team()?.value ?? [];

  async function apply(c: Change, reason: string) {
    await trpc.moderation.setRole.mutate({ userId: c.person.id, role: c.role, reason });
    setNotice(t("admin.done.role", { name: fullName(c.person) }));
    await refetch();
  }

  return (
    <AdminPage failure={team()?.failure} title={t("admin.team.title")} lead={t("admin.team.lead")}>
      <StatusMessage message={notice()} />
      <section class="card" aria-label={t("admin.team.listLabel")}>
        <LoadedList
          loaded={team()}
          failure={(f) => <RetryAlert failure={f} onRetry={() => void refetch()} />}
          empty={<p class="muted">{t("admin.team.empty")}</p>}
        >
          {(list) => (
            <ul class="team-list">
              <For each={list}>
                {(m) => (
                  <li class="team-row" data-role={m.role}>
                    <Person person={m.person} />
                    <span class="badge badge-neutral">{roleLabel(m.role)}</span>
                    <Show when={m.person.id === me()?.id}>
                      <span class="muted">({t("admin.team.you")})</span>
                    </Show>
                    <Show when={isAdmin() && m.role === "moderator" && m.person.id !== me()?.id}>
                      <button type="button" class="btn btn-small btn-danger team-revoke" onClick={() => setChange({ person: m.person, role: "member" })}>
                        {t("admin.team.revoke")}
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          )}
        </LoadedList>
      </section>
      <Show when={isAdmin()} fallback={<p class="muted">{t("admin.team.onlyAdmins")}</p>}>
        <AddModerator team={members()} onMake={(person) => setChange({ person, role: "moderator" })} />
      </Show>
      <p class="muted team-cli">
        {t("admin.team.cliNote")} <code>bun run admin grant &lt;email&gt;</code>
      </p>
      <Show when={change()}>
        {(c) => (
          <ReasonDialog
            title={c().role === "moderator" ? t("admin.dialog.grantTitle", { name: fullName(c().person) }) : t("admin.dialog.revokeTitle", { name: fullName(c().person) })}
            text={c().role === "moderator" ? t("admin.dialog.grantText") : t("admin.dialog.revokeText")}
            confirmLabel={c().role === "moderator" ? t("admin.team.make") : t("admin.team.revoke")}
            danger={c().role === "member"}
            onConfirm={(reason) => apply(c(), reason)}
            onClose={() => setChange(null)}
          />
        )}
      </Show>
    </AdminPage>
  );
}
