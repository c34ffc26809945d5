// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The uploads panel: overall progress, then each file with its own bar,
// state, and Cancel or Retry. An error shows the server's words (over
// quota: how much room is left).
import "@mantine/core/styles/Progress.css";
import { ActionIcon, Button, Progress, Tooltip } from "@mantine/core";
import { useSyncExternalStore } from "react";
import { describeError } from "../format";
import { IconRefresh, IconX } from "../icons";
import { formatSize } from "./format";
import { useDriveI18n, type DriveT } from "./i18n";
import type { UploadQueue, UploadTask } from "./upload";

const percent = (loaded: number, total: number) => (total > 0 ? Math.round((loaded / total) * 100) : 100);

function stateText(task: UploadTask, t: DriveT): string {
  switch (task.state) {
    case "queued":
      return t("drive.uploads.queued");
    case "uploading":
      return t("drive.uploads.uploading", { percent: percent(task.loaded, task.size) });
    case "done":
      return t("drive.uploads.done");
    case "canceled":
      return t("drive.uploads.canceled");
    case "error": {
      const e = task.error;
      if (e?.kind === "http" && e.status === 413 && e.message) return t("drive.uploads.quota", { message: e.message });
      return e ? describeError(e, t) : "";
    }
  }
}

/** Uploads shows queue's tasks; it hides itself when there are none. */
export function Uploads({ queue }: { queue: UploadQueue }) {
  const { t, lang } = useDriveI18n();
  const snap = useSyncExternalStore(queue.subscribe, queue.snapshot);
  if (snap.tasks.length === 0) return null;
  const live = snap.tasks.filter((x) => x.state !== "canceled");
  return (
    <section className="ens-drive-uploads" aria-labelledby="drive-uploads-title" data-testid="drive-uploads">
      <div className="ens-drive-uploads-head">
        <div className="ens-drive-uploads-title">
          <h2 id="drive-uploads-title">{t("drive.uploads.title")}</h2>
          {snap.active > 0 ? (
            <Button variant="subtle" size="xs" onClick={() => queue.cancelAll()} data-testid="drive-uploads-cancel-all">
              {t("drive.uploads.cancelAll")}
            </Button>
          ) : (
            <Tooltip label={t("drive.uploads.hide")} withArrow>
              <ActionIcon variant="subtle" aria-label={t("drive.uploads.hide")} onClick={() => queue.clear()} data-testid="drive-uploads-close">
                <IconX size={18} />
              </ActionIcon>
            </Tooltip>
          )}
        </div>
        <Progress
          value={percent(snap.loaded, snap.total)}
          size="sm"
          aria-label={t("drive.uploads.overall")}
          color={snap.failed > 0 ? "red.8" : "blue"}
          data-testid="drive-uploads-overall"
        />
        <span className="ens-drive-uploads-summary">
          {/* Only the count is live: the bytes change too often to be read out. */}
          <span role="status" data-testid="drive-uploads-summary">
            {snap.active === 0 && snap.failed === 0 ? t("drive.uploads.allDone", { count: snap.done }) : t("drive.uploads.summary", { done: snap.done, count: live.length })}
          </span>
          {" · "}
          {t("drive.uploads.bytes", { loaded: formatSize(snap.loaded, lang), total: formatSize(snap.total, lang) })}
        </span>
      </div>
      <ul aria-label={t("drive.uploads.title")}>
        {snap.tasks.map((task) => (
          <li key={task.id} className="ens-drive-upload" data-testid="drive-upload" data-name={task.name} data-state={task.state}>
            <span className="ens-drive-upload-name" title={[...task.dirs, task.name].join("/")}>
              {[...task.dirs, task.name].join("/")}
            </span>
            <span>
              {(task.state === "queued" || task.state === "uploading") && (
                <Tooltip label={t("drive.uploads.cancel")} withArrow>
                  <ActionIcon variant="subtle" size="sm" aria-label={t("drive.uploads.cancelName", { name: task.name })} onClick={() => queue.cancel(task.id)} data-testid="drive-upload-cancel">
                    <IconX size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
              {(task.state === "error" || task.state === "canceled") && (
                <Tooltip label={t("drive.uploads.retry")} withArrow>
                  <ActionIcon variant="subtle" size="sm" aria-label={t("drive.uploads.retryName", { name: task.name })} onClick={() => queue.retry(task.id)} data-testid="drive-upload-retry">
                    <IconRefresh size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </span>
            {task.file && (
              <Progress
                className="ens-drive-upload-bar"
                value={task.state === "done" ? 100 : percent(task.loaded, task.size)}
                size="xs"
                color={task.state === "error" ? "red.8" : task.state === "done" ? "green.8" : "blue"}
                aria-label={t("drive.uploads.progressOf", { name: task.name })}
                data-testid="drive-upload-bar"
              />
            )}
            <span className="ens-drive-upload-state" data-state={task.state} role={task.state === "error" ? "alert" : undefined}>
              {task.file ? `${stateText(task, t)} · ${formatSize(task.size, lang)}` : `${t("drive.uploads.folder")} · ${stateText(task, t)}`}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
