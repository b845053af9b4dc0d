import { useCallback, useEffect, useRef, useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { bridgeMode } from '../../api';
import { plural } from '../../lib/format';
import { addFiles, pickNative } from './add-files';

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
  const [leftOut, setLeftOut] = useState(0);
  // In the desktop app the native dialog (from main) picks files and folders.
  const pick = (folder: boolean) => {
    setLeftOut(0);
    void pickNative(folder).then(setLeftOut, () => undefined);
  };

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
            onClick={() => (bridgeMode() === 'desktop' ? pick(false) : open())}
          >
            Choose files
          </button>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
            onClick={() => (bridgeMode() === 'desktop' ? pick(true) : folderInput.current?.click())}
          >
            Choose a folder
          </button>
        </div>
        {leftOut > 0 && (
          <p className="nhsuk-body-s nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0" role="status" data-testid="picked-left-out">
            That folder holds {plural(leftOut, 'more PDF')} than can be added at once: they were not added. Add them from their own folders.
          </p>
        )}
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
