/**
 * Settings → My data (#17): "Download my data" starts an archive built in the background; its
 * progress comes live over the socket (`export.progress` on user:<me>), with a slow refetch as a
 * safety net while the socket is down; when ready, a download link with its size and last day.
 */
import { createEffect, createSignal, Match, onCleanup, Switch } from "solid-js";
import type { ExportInfo } from "../../../../shared/data-export.ts";
import { ErrorAlert, RetryAlert } from "../../components/Alert.tsx";
import { formatBytes, formatDateTime, t } from "../../i18n/index.ts";
import { errorText } from "../../lib/error-text.ts";
import { createLoader } from "../../lib/load.ts";
import { onServerEvent } from "../../lib/socket.ts";
import { readError, trpc } from "../../lib/trpc.ts";
import { SettingsSection } from "../settings/SettingsSection.tsx";
import "../../components/uploads.css";

/** While an export is queued or running and no frame came, refetch this often (a lost socket). */
const FALLBACK_POLL_MS = 5_000;

export function DataExportSection() {
  const [latest, { refetch, mutate }] = createLoader(() => true, () => trpc.dataExport.latest.query());
  const [alert, setAlert] = createSignal<string | null>(null);
  const [pending, setPending] = createSignal(false);
  const info = (): ExportInfo | null => latest()?.value ?? null;
  const active = () => info()?.status === "queued" || info()?.status === "running";

  const off = onServerEvent((e) => {
    if (e.type !== "export.progress") return;
    const current = info();
    if (current && current.id === e.exportId && (e.status === "queued" || e.status === "running")) {
      mutate({ value: { ...current, status: e.status, progress: Math.max(current.progress, e.progress) } });
    } else {
      // Ready or failed (size, dates, link), or an export started in another tab.
      void refetch();
    }
  });
  onCleanup(off);

  createEffect(() => {
    if (!active()) return;
    const timer = setInterval(() => void refetch(), FALLBACK_POLL_MS);
    onCleanup(() => clearInterval(timer));
  });

  const start = async () => {
    setAlert(null);
    setPending(true);
    try {
      mutate({ value: await trpc.dataExport.start.mutate() });
    } catch (error) {
      const failure = readError(error);
      setAlert(errorText(failure));
      if (failure.code === "CONFLICT") void refetch();
    } finally {
      setPending(false);
    }
  };

  const startButton = (label: string) => (
    <button type="button" class="btn btn-primary" disabled={pending()} onClick={() => void start()}>
      {pending() ? t("dataExport.starting") : label}
    </button>
  );

  return (
    <SettingsSection id="settings-data" title={t("dataExport.title")} lead={t("dataExport.lead")}>
      <ErrorAlert message={alert()} />
      <Switch fallback={<p class="muted">{t("app.loading")}</p>}>
        <Match when={latest()?.failure}>{(failure) => <RetryAlert failure={failure()} onRetry={() => void refetch()} />}</Match>
        <Match when={latest() && !info()}>
          <div class="form-actions">{startButton(t("dataExport.start"))}</div>
        </Match>
        <Match when={active() && info()}>
          {(current) => (
            <div class="data-export-progress">
              <p id="data-export-status" role="status">
                {current().status === "queued" ? t("dataExport.queued") : t("dataExport.running", { percent: current().progress })}
              </p>
              <div
                class="usage-bar"
                role="progressbar"
                aria-label={t("dataExport.progressLabel")}
                aria-describedby="data-export-status"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={current().progress}
              >
                <span style={{ width: `${current().progress}%` }} />
              </div>
            </div>
          )}
        </Match>
        <Match when={info()?.status === "ready" && info()}>
          {(ready) => (
            <>
              <p role="status">
                {t("dataExport.ready", { size: formatBytes(ready().sizeBytes ?? 0), date: formatDateTime(ready().expiresAt ?? 0) })}
              </p>
              <div class="form-actions">
                <a class="btn btn-primary" href={ready().downloadUrl ?? "#"} download="">
                  {t("dataExport.download")}
                </a>
                <button type="button" class="btn" disabled={pending()} onClick={() => void start()}>
                  {pending() ? t("dataExport.starting") : t("dataExport.again")}
                </button>
              </div>
            </>
          )}
        </Match>
        <Match when={info()?.status === "failed"}>
          <p class="alert alert-error">{t("dataExport.failed")}</p>
          <div class="form-actions">{startButton(t("dataExport.retry"))}</div>
        </Match>
        <Match when={info()?.status === "expired"}>
          <p class="muted">{t("dataExport.expired")}</p>
          <div class="form-actions">{startButton(t("dataExport.again"))}</div>
        </Match>
      </Switch>
    </SettingsSection>
  );
}
