/**
 * Hands a fetched file to the browser's download. The admin API wants the admin's bearer
 * token, which a plain link would not send: the page fetches, then saves through an object URL.
 */
export const saveFile = (file: Blob, filename: string) => {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Not at once: some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};
