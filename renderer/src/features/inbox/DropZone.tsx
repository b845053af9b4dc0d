import { useCallback, useEffect, useRef } from 'react';
import { useDropzone } from 'react-dropzone';
import { bridgeMode, getApi } from '../../api';
import { addFiles } from './add-files';

/** In the desktop app the native dialog (from main) picks files and folders. */
async function pickNative(folder: boolean): Promise<void> {
  const { files } = await getApi().pickDocuments({ folder });
  await addFiles(files.map((f) => new File([f.bytes as Uint8Array<ArrayBuffer>], f.name, { type: 'application/pdf' })));
}

/**
 * Drop files or a whole folder anywhere in the dashed area, or choose them with the buttons.
 * The file inputs sit outside the buttons: a button that contains an input is a nested
 * interactive control, which screen readers announce badly (and axe refuses).
 */
export function DropZone() {
  const onDrop = useCallback((files: File[]) => {
    void addFiles(files);
  }, []);
  const { getRootProps, getInputProps, isDragActive, open } = useDropzone({
    onDrop,
    noClick: true,
    noKeyboard: true,
    multiple: true,
  });
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Not in React's attribute list: set on the element so the picker offers folders.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  return (
    <div className="app-dropzone-wrapper">
      <div {...getRootProps({ className: `app-dropzone ${isDragActive ? 'app-dropzone--active' : ''}`.trim() })} data-testid="drop-zone">
        <p className="nhsuk-body-l nhsuk-u-margin-bottom-2" id="drop-zone-title">
          {isDragActive ? 'Drop to add these documents' : 'Drag PDF files or a folder of PDFs here'}
        </p>
        <p className="nhsuk-body-s nhsuk-u-secondary-text-colour">Summary Care Record PDFs, up to 20 MB each. They stay on this computer.</p>
        <div className="app-button-row">
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
            onClick={() => (bridgeMode() === 'desktop' ? void pickNative(false) : open())}
          >
            Choose files
          </button>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
            onClick={() => (bridgeMode() === 'desktop' ? void pickNative(true) : folderInput.current?.click())}
          >
            Choose a folder
          </button>
        </div>
      </div>
      <input {...getInputProps()} data-testid="file-input" />
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        data-testid="folder-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          void addFiles(files);
        }}
      />
    </div>
  );
}
