/**
 * /settings/sessions: where this account is signed in — browser, "this device", the coarse IP the
 * server sends (never the full address), first and last seen. Each session can be ended; ending
 * the current one signs this tab out; ending all the others asks first. Requires sign-in (the
 * route is wrapped in RequireAuth).
 */
import { useNavigate } from "@solidjs/router";
import { createResource, createSignal, For, Show } from "solid-js";
import type { SessionInfo } from "../../../../shared/auth.ts";
import { ErrorAlert, StatusMessage } from "../../components/Alert.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { Page } from "../../components/Page.tsx";
import { formatDateTime, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { endSession, setSignedOut } from "../../lib/session.ts";
import { readError, trpc, type AppError } from "../../lib/trpc.ts";
import "./sessions.css";

type Notice = { kind: "revoked" } | { kind: "revokedOthers"; n: number };

export default function SessionsPage() {
  const navigate = useNavigate();
  const [failure, setFailure] = createSignal<AppError | null>(null);
  const [notice, setNotice] = createSignal<Notice | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  /** While asking "sign out all the others?": how many there were when asked (null: not asking). */
  const [confirmingOthers, setConfirmingOthers] = createSignal<number | null>(null);

  const [sessions, { refetch }] = createResource(async (): Promise<SessionInfo[]> => {
    try {
      const list = await trpc.auth.sessions.query();
      return [...list].sort((a, b) => Number(b.current) - Number(a.current) || b.lastActiveAt - a.lastActiveAt);
    } catch (error) {
      const problem = readError(error);
      if (problem.code === "UNAUTHORIZED") {
        setSignedOut();
        navigate("/login?next=%2Fsettings%2Fsessions", { replace: true });
      }
      setFailure(problem);
      return [];
    }
  });

  const others = () => (sessions() ?? []).filter((s) => !s.current);
  const browserLabel = (s: SessionInfo) => (s.browser === "Unknown" ? t("sessions.unknownBrowser") : s.browser);
  /** Names one session among alike ones (the revoke button's label): browser and coarse IP. */
  const sessionLabel = (s: SessionInfo) => (s.ip ? `${browserLabel(s)}, ${s.ip}` : browserLabel(s));

  async function act(key: string, task: () => Promise<void>) {
    if (busy()) return;
    setBusy(key);
    setFailure(null);
    setNotice(null);
    try {
      await task();
    } catch (error) {
      setFailure(readError(error));
    } finally {
      setBusy(null);
    }
  }

  const revoke = (session: SessionInfo) =>
    act(session.id, async () => {
      if (session.current) {
        const problem = await endSession(session.id);
        if (problem) setFailure(problem);
        else navigate("/login", { replace: true });
        return;
      }
      await trpc.auth.revokeSession.mutate({ id: session.id });
      setNotice({ kind: "revoked" });
      await refetch();
    });

  /** Confirmed in the dialog, which shows a failure itself (so it throws instead of using act). */
  async function revokeOthers() {
    setFailure(null);
    setNotice(null);
    setBusy("others");
    try {
      const { revoked } = await trpc.auth.revokeOtherSessions.mutate();
      setNotice({ kind: "revokedOthers", n: revoked });
      await refetch();
    } finally {
      setBusy(null);
    }
  }

  const noticeText = () => {
    const n = notice();
    if (!n) return null;
    return n.kind === "revoked" ? t("sessions.revoked") : t("sessions.revokedOthers", { n: n.n });
  };

  return (
    <Page title={t("sessions.title")} lead={<p>{t("sessions.text")}</p>}>
      <ErrorAlert message={failure() ? errorText(failure()!) : null} />
      <StatusMessage message={noticeText()} />
      <Show when={sessions()} fallback={<p class="loading">{t("app.loading")}</p>}>
        <ul class="session-list" aria-label={t("sessions.listLabel")}>
          <For each={sessions()}>
            {(session) => (
              <li class="card session" aria-current={session.current ? "true" : undefined}>
                <div class="session-main">
                  <h2 class="session-title">
                    <span>{browserLabel(session)}</span>
                    <Show when={session.current}>
                      <span class="badge">{t("sessions.thisDevice")}</span>
                    </Show>
                  </h2>
                  <dl class="session-meta">
                    <div>
                      <dt>{t("sessions.ip")}:</dt>
                      <dd class="session-ip">{session.ip ?? t("sessions.ipUnknown")}</dd>
                    </div>
                    <div>
                      <dt>{t("sessions.created")}:</dt>
                      <dd>
                        <time datetime={new Date(session.createdAt).toISOString()}>{formatDateTime(session.createdAt)}</time>
                      </dd>
                    </div>
                    <div>
                      <dt>{t("sessions.lastActive")}:</dt>
                      <dd>
                        <time datetime={new Date(session.lastActiveAt).toISOString()}>
                          {formatDateTime(session.lastActiveAt)}
                        </time>
                      </dd>
                    </div>
                  </dl>
                </div>
                <button
                  type="button"
                  class="btn btn-small btn-danger"
                  aria-label={t("sessions.revokeLabel", { browser: sessionLabel(session) })}
                  disabled={busy() !== null}
                  onClick={() => void revoke(session)}
                >
                  {t("sessions.revoke")}
                </button>
              </li>
            )}
          </For>
        </ul>
        <div class="session-actions">
          <Show when={others().length > 0} fallback={<p class="muted">{t("sessions.onlyThis")}</p>}>
            <button
              type="button"
              class="btn btn-danger"
              aria-haspopup="dialog"
              disabled={busy() !== null}
              onClick={() => setConfirmingOthers(others().length)}
            >
              {t("sessions.revokeOthers")}
            </button>
          </Show>
        </div>
      </Show>
      <ConfirmDialog
        open={confirmingOthers() !== null}
        onClose={() => setConfirmingOthers(null)}
        title={t("sessions.confirmOthersTitle")}
        message={t("sessions.confirmOthersText", { n: confirmingOthers() ?? 0 })}
        confirmLabel={t("sessions.confirmOthers")}
        onConfirm={revokeOthers}
      />
    </Page>
  );
}
