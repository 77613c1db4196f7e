/* global document, window, history, navigator, FileReader */
// Niceties only: every page works without this file (evidence links are plain #L<n> anchors).
'use strict';

/** Biggest file read into the text area: the server reads at most 8 MiB of a paste. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

function readFileInto(file, textarea) {
  if (!/\.(txt|log)$/i.test(file.name) && file.type !== 'text/plain') {
    textarea.setCustomValidity('Only .txt and .log files can be dropped here.');
    textarea.reportValidity();
    return;
  }
  if (file.size > MAX_FILE_BYTES) {
    textarea.setCustomValidity('The file is larger than 8 MiB, more than ktriage reads.');
    textarea.reportValidity();
    return;
  }
  const reader = new FileReader();
  reader.onload = () => {
    textarea.setCustomValidity('');
    textarea.value = String(reader.result);
    textarea.focus();
  };
  reader.readAsText(file);
}

function setUpPasteForm(form) {
  const textarea = form.querySelector('textarea');
  const picker = form.querySelector('input[type=file]');
  if (!textarea) return;
  if (picker) {
    picker.hidden = false;
    picker.addEventListener('change', () => {
      if (picker.files && picker.files[0]) readFileInto(picker.files[0], textarea);
    });
  }
  form.addEventListener('dragover', (event) => {
    event.preventDefault();
    form.classList.add('dragging');
  });
  form.addEventListener('dragleave', () => form.classList.remove('dragging'));
  form.addEventListener('drop', (event) => {
    event.preventDefault();
    form.classList.remove('dragging');
    const file = event.dataTransfer && event.dataTransfer.files[0];
    if (file) readFileInto(file, textarea);
  });
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
}

/** Scrolls the paste (not the whole page) to a line and flashes it. */
function showLine(no) {
  const line = document.getElementById('L' + no);
  const pane = document.querySelector('pre.paste');
  if (!line || !pane) return false;
  const top = line.offsetTop - pane.clientHeight / 2 + line.clientHeight / 2;
  pane.scrollTo({ top: Math.max(0, top), behavior: 'smooth' });
  for (const old of pane.querySelectorAll('.flash')) old.classList.remove('flash');
  line.classList.add('flash');
  history.replaceState(null, '', '#L' + no);
  return true;
}

function setUpLineLinks() {
  document.addEventListener('click', (event) => {
    const link = event.target instanceof window.Element ? event.target.closest('a[data-line]') : null;
    if (link && showLine(link.dataset.line)) event.preventDefault();
  });
  const opened = /^#L(\d+)$/.exec(window.location.hash);
  if (opened) showLine(opened[1]);
}

function setUpCopyButtons() {
  for (const block of document.querySelectorAll('pre[data-copy]')) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy secondary';
    button.textContent = 'Copy';
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(block.textContent || '').then(
        () => (button.textContent = 'Copied'),
        () => (button.textContent = 'Select and copy'),
      );
    });
    block.before(button);
  }
}

document.addEventListener('DOMContentLoaded', () => {
  for (const form of document.querySelectorAll('form.paste-form')) setUpPasteForm(form);
  setUpLineLinks();
  setUpCopyButtons();
});
