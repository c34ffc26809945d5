// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The block editor (BlockNote) bound to the document's Yjs replica: its
// content lives in the XML fragment "document-store", cursors and names go
// through the provider's awareness. Loaded lazily with the document page,
// so that BlockNote stays out of the first page's bundle.
import "@blocknote/mantine/style.css";
import { de as bnDe, en as bnEn, fr as bnFr } from "@blocknote/core/locales";
import { filterSuggestionItems } from "@blocknote/core/extensions";
import { BlockNoteView } from "@blocknote/mantine";
import { getDefaultReactSlashMenuItems, SuggestionMenuController, useCreateBlockNote } from "@blocknote/react";
import { Alert, useComputedColorScheme } from "@mantine/core";
import { memo, useEffect, useMemo, useRef, useState } from "react";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import type { Language } from "../i18n/languages";
import { isPlainLeftClick, navigate } from "../router";
import { calloutSlashItems, docSchema } from "./callout";
import { commentHighlights } from "./commentHighlights";
import type { DocComments } from "./docComments";
import { useCommentHighlights } from "./useCommentHighlights";
import { internalPath } from "./links";
import "./media.css";
import { mediaMessages, mediaUploader } from "./media";

const dictionaries = { fr: bnFr, en: bnEn, de: bnDe } satisfies Record<Language, unknown>;

/** The name of the XML fragment that holds a document's blocks (BlockNote's default, shared with the server's export). */
export const fragmentName = "document-store";

/** DocEditorProps are what the editor needs: the replica, who is typing, and whether they may. */
export interface DocEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider;
  user: { name: string; color: string };
  editable: boolean;
  language: Language;
  /** The accessible name of the editing area. */
  label: string;
  /** The page's comments, whose open threads the editor highlights. */
  comments?: DocComments;
}

/**
 * DocEditor is the editing area of a document. It is memoized: the page
 * around it re-renders on every change of connection, presence or comments,
 * and a re-rendered BlockNote view costs milliseconds a keystroke would wait.
 */
export default memo(DocEditor);

function DocEditor({ doc, provider, user, editable, language, label, comments }: DocEditorProps) {
  const scheme = useComputedColorScheme("light");
  const [uploadError, setUploadError] = useState<string | null>(null);
  // Images, files, videos and sounds go to the document's media (provider.roomname is the document's ID).
  const uploadFile = useMemo(() => mediaUploader(provider.roomname, language, setUploadError), [provider, language]);
  const schema = useMemo(() => docSchema(language), [language]);
  const editor = useCreateBlockNote(
    {
      schema,
      uploadFile: async (file: File) => {
        setUploadError(null);
        return uploadFile(file);
      },
      collaboration: { fragment: doc.getXmlFragment(fragmentName), provider, user, showCursorLabels: "activity" },
      dictionary: dictionaries[language],
      extensions: [commentHighlights()],
      domAttributes: { editor: { role: "textbox", "aria-multiline": "true", "aria-label": label, "data-testid": "doc-editor" } },
      tables: { headers: true, splitCells: true, cellBackgroundColor: true, cellTextColor: true },
      links: {
        // Links to other documents (and any page of this installation) open in the page; others in a new tab.
        onClick: (event) => {
          const a = (event.target as Element | null)?.closest("a");
          const path = a ? internalPath(a.getAttribute("href") ?? "", window.location.origin) : null;
          if (!a || !path || !isPlainLeftClick(event)) {
            if (a?.href) window.open(a.href, "_blank", "noopener,noreferrer");
            return true;
          }
          event.preventDefault();
          navigate(path);
          return true;
        },
      },
    },
    [doc, provider, language, schema, user.name, user.color, uploadFile],
  );
  useCommentHighlights(editor, comments, editable);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => (box.current ? stripComboboxAttributes(box.current) : undefined), []);
  useEffect(() => {
    box.current?.querySelector(".bn-editor")?.setAttribute("aria-readonly", String(!editable));
  }, [editable, editor]);
  return (
    <div ref={box}>
      {uploadError && (
        <Alert color="red" role="alert" withCloseButton closeButtonLabel={mediaMessages[language].close} onClose={() => setUploadError(null)} mb="sm" data-testid="media-upload-error">
          {uploadError}
        </Alert>
      )}
      <BlockNoteView editor={editor} editable={editable} theme={scheme} className="ens-doc-editor" slashMenu={false}>
        {/* BlockNote's slash menu, with the callouts added. */}
        <SuggestionMenuController
          triggerCharacter="/"
          getItems={async (query) => filterSuggestionItems([...getDefaultReactSlashMenuItems(editor), ...calloutSlashItems(editor, language)], query)}
        />
      </BlockNoteView>
    </div>
  );
}

/**
 * stripComboboxAttributes removes aria-expanded and aria-controls, which
 * BlockNote's suggestion menus put on the editing area while they are open:
 * the area is a text box, where those attributes are not allowed (axe-core
 * "aria-allowed-attr"); the menu itself stays announced through
 * aria-activedescendant. It returns the function that stops watching.
 */
export function stripComboboxAttributes(root: HTMLElement): () => void {
  const strip = (el: Element) => {
    if (!el.classList.contains("bn-editor")) return;
    if (el.hasAttribute("aria-expanded")) el.removeAttribute("aria-expanded");
    if (el.hasAttribute("aria-controls")) el.removeAttribute("aria-controls");
  };
  const observer = new MutationObserver((records) => records.forEach((r) => strip(r.target as Element)));
  observer.observe(root, { subtree: true, attributes: true, attributeFilter: ["aria-expanded", "aria-controls"] });
  root.querySelectorAll(".bn-editor").forEach(strip);
  return () => observer.disconnect();
}
