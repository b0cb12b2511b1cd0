/**
 * Choosing people by username (there is no user search): type a username, "Add" looks it up with
 * `profiles.byUsername` and shows the person as a chip; each chip can be removed again. People
 * who are me, already chosen or already in the group are refused with a reason.
 */
import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { Profile } from "../../../../shared/profiles.ts";
import { Avatar } from "../../components/Avatar.tsx";
import { Chip } from "../../components/Chip.tsx";
import { t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { me } from "../../lib/session.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { fullName } from "./format.ts";
import "../../components/field.css";

export type Picked = Pick<Profile, "id" | "username" | "firstName" | "lastName" | "avatar">;

export function PeoplePicker(props: {
  people: readonly Picked[];
  onChange: (people: Picked[]) => void;
  /** Already in the group. */
  excludeIds?: readonly string[];
}) {
  const id = `people-${createUniqueId()}`;
  const [username, setUsername] = createSignal("");
  const [problem, setProblem] = createSignal<string | null>(null);
  const [finding, setFinding] = createSignal(false);
  let input!: HTMLInputElement;

  async function add() {
    const name = username().trim().replace(/^@/, "");
    if (!name || finding()) return;
    setProblem(null);
    setFinding(true);
    try {
      const p = await trpc.profiles.byUsername.query({ username: name });
      if (p.id === me()?.id) setProblem(t("groups.isYou"));
      else if (props.excludeIds?.includes(p.id)) setProblem(t("groups.alreadyMember"));
      else if (props.people.some((x) => x.id === p.id)) setProblem(t("groups.alreadyAdded"));
      else {
        props.onChange([...props.people, { id: p.id, username: p.username, firstName: p.firstName, lastName: p.lastName, avatar: p.avatar }]);
        setUsername("");
      }
    } catch (error) {
      const failure = readError(error);
      setProblem(failure.code === "NOT_FOUND" ? t("groups.userNotFound", { username: name }) : errorText(failure));
    } finally {
      setFinding(false);
      input.focus();
    }
  }

  return (
    <div class="people-picker">
      <div class="field">
        <label for={id}>{t("groups.username")}</label>
        <div class="people-add">
          <input
            ref={input}
            id={id}
            type="text"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            value={username()}
            aria-describedby={`${id}-hint ${id}-problem`}
            aria-invalid={problem() ? "true" : undefined}
            onInput={(e) => {
              setUsername(e.currentTarget.value);
              setProblem(null);
            }}
            onKeyDown={(e) => {
              // Enter adds the person instead of submitting the whole form.
              if (e.key === "Enter") {
                e.preventDefault();
                void add();
              }
            }}
          />
          <button type="button" class="btn" disabled={finding() || !username().trim()} onClick={() => void add()}>
            {finding() ? t("groups.finding") : t("groups.add")}
          </button>
        </div>
        <p id={`${id}-hint`} class="field-hint">
          {t("groups.addHint")}
        </p>
        <p id={`${id}-problem`} class="field-error" role="alert">
          {problem() ?? ""}
        </p>
      </div>
      <Show when={props.people.length > 0}>
        <ul class="chips" aria-label={t("groups.chosen")}>
          <For each={props.people}>
            {(p) => (
              <Chip
                removeLabel={t("groups.removeChip", { name: fullName(p) })}
                onRemove={() => {
                  props.onChange(props.people.filter((x) => x.id !== p.id));
                  input.focus();
                }}
              >
                <Avatar person={p} avatar={p.avatar} size="xs" />
                <span>{fullName(p)}</span>
                <span class="muted">@{p.username}</span>
              </Chip>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
