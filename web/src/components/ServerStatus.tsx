// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader } from "@mantine/core";
import type { ShellError } from "../api/shell";
import { useI18n, type I18n } from "../i18n/context";
import { IconAlert, IconRefresh, IconServer } from "../icons";
import { useShell } from "../shell-context";

/**
 * isUnreachable tells whether the error means that Ensemble itself did not
 * answer: no HTTP answer at all, or a 5xx without the API's error body,
 * which comes from a proxy in front of it (or from `vite dev` with no
 * server behind).
 */
export function isUnreachable(error: ShellError): boolean {
  return error.kind === "network" || (error.kind === "http" && !error.code && error.status >= 500);
}

/** errorDetail explains a ShellError in the user's language. */
export function errorDetail(error: ShellError, t: I18n["t"]): string {
  if (isUnreachable(error)) return t("status.errorNetwork");
  switch (error.kind) {
    case "network":
      return t("status.errorNetwork");
    case "invalid":
      return t("status.errorInvalid");
    case "http":
      return error.message
        ? t("status.errorHttp", { message: error.message, status: error.status })
        : t("status.errorHttpBare", { status: error.status });
  }
}

/** ServerStatus tells whether the server answers and which version it runs. */
export function ServerStatus() {
  const { t } = useI18n();
  const { state, reload } = useShell();
  return (
    <section className="ens-card ens-status" aria-labelledby="ens-status-title" data-testid="server-status" data-status={state.status}>
      <h2 id="ens-status-title" className="ens-card-kicker">
        <IconServer size={18} />
        {t("status.title")}
      </h2>
      <div aria-live="polite" aria-atomic="true">
        {state.status === "loading" && (
          <p className="ens-status-line">
            <Loader size="xs" aria-hidden="true" />
            <span>{t("status.loading")}</span>
          </p>
        )}
        {state.status === "ready" && (
          <>
            <p className="ens-status-line ens-status-ok">
              <span className="ens-dot ens-dot-ok" aria-hidden="true" />
              <strong>{t("status.ok")}</strong>
            </p>
            <p className="ens-status-version" data-testid="server-version">
              {t("status.version", { version: state.shell.version })}
            </p>
          </>
        )}
        {state.status === "error" && (
          <div className="ens-status-error" role="alert">
            <p className="ens-status-line ens-status-bad">
              <IconAlert size={20} />
              <strong>{isUnreachable(state.error) ? t("status.errorUnreachable") : t("status.errorFailing")}</strong>
            </p>
            <p className="ens-status-detail">{errorDetail(state.error, t)}</p>
            <Button variant="default" size="sm" onClick={reload} leftSection={<IconRefresh size={16} />} mt="sm">
              {t("status.retry")}
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}
