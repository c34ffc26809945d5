// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The previewer: images inline, PDF in the browser's own viewer (an
// iframe of the same-origin content address), audio and video with their
// controls (the server answers Range requests, so seeking works). The
// arrow keys and buttons go to the previous and next previewable file.
import { ActionIcon, Button, Modal } from "@mantine/core";
import { useEffect } from "react";
import { IconDownload } from "../icons";
import { contentURL, type Node } from "./api";
import { fileKind, formatSize } from "./format";
import { useDriveI18n } from "./i18n";
import { IconChevronLeft, IconChevronRight } from "./icons";

/** Preview shows items[index]; onMove changes the index. */
export function Preview({ items, index, onMove, onClose }: { items: readonly Node[]; index: number; onMove: (i: number) => void; onClose: () => void }) {
  const { t, lang } = useDriveI18n();
  const node = items[index];
  const count = items.length;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(AUDIO|VIDEO|INPUT)$/.test(target.tagName)) return;
      if (e.key === "ArrowLeft" && index > 0) onMove(index - 1);
      if (e.key === "ArrowRight" && index < count - 1) onMove(index + 1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [index, count, onMove]);
  if (!node) return null;
  const src = contentURL(node.id, true);
  const kind = fileKind(node);
  let body;
  if (kind === "image") body = <img src={src} alt={node.name} data-testid="drive-preview-image" />;
  else if (kind === "pdf") body = <iframe src={src} title={t("drive.preview.pdf", { name: node.name })} data-testid="drive-preview-pdf" />;
  else if (kind === "video")
    body = (
      <video src={src} controls preload="metadata" aria-label={node.name} data-testid="drive-preview-video">
        <track kind="captions" />
      </video>
    );
  else if (kind === "audio") body = <audio src={src} controls preload="metadata" aria-label={node.name} data-testid="drive-preview-audio" />;
  else body = <p>{t("drive.preview.none")}</p>;

  return (
    <Modal opened onClose={onClose} title={t("drive.preview.title", { name: node.name })} centered size="90rem" closeButtonProps={{ "aria-label": t("common.close") }}>
      <div data-testid="drive-preview" data-name={node.name}>
        <div className="ens-drive-preview-body" data-kind={kind} key={node.id}>
          {body}
        </div>
        <div className="ens-drive-preview-bar">
          <div className="ens-drive-toolbar-group">
            <ActionIcon variant="default" size="lg" aria-label={t("drive.preview.prev")} disabled={index === 0} onClick={() => onMove(index - 1)} data-testid="drive-preview-prev">
              <IconChevronLeft size={20} />
            </ActionIcon>
            <span className="ens-drive-num" aria-live="polite">
              {t("drive.preview.position", { index: index + 1, count })} · {formatSize(node.size, lang)}
            </span>
            <ActionIcon variant="default" size="lg" aria-label={t("drive.preview.next")} disabled={index >= count - 1} onClick={() => onMove(index + 1)} data-testid="drive-preview-next">
              <IconChevronRight size={20} />
            </ActionIcon>
          </div>
          <Button component="a" href={contentURL(node.id)} download={node.name} variant="default" leftSection={<IconDownload size={18} />}>
            {t("drive.download")}
          </Button>
        </div>
      </div>
    </Modal>
  );
}
