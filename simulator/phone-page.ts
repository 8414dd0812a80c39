/** The simulator's "phone": type as a member, see the agent's replies. Plain HTML, no build step. */
export const phonePage = ({
  phones,
  senders = [],
  notice,
  canLink,
  samples = [],
  provider = 'Twilio',
}: {
  phones: Array<{ number: string; label: string }>;
  /** Our numbers the member may write to (several senders); none: the one service number. */
  senders?: Array<{ number: string; label: string }>;
  notice?: string;
  canLink?: boolean;
  /** Sample attachments offered next to "a file of your own". */
  samples?: Array<{ name: string; label: string }>;
  /** Whose API the page's messages go through (the emulator that runs). */
  provider?: string;
}) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>WhatsApp simulator · strapi-plugin-whatsapp-agent</title>
<style>
  body { font-family: system-ui, sans-serif; background: #e5ddd5; margin: 0; display: flex; justify-content: center; }
  main { width: 100%; max-width: 460px; min-height: 100vh; display: flex; flex-direction: column; background: #efeae2; }
  header { background: #075e54; color: #fff; padding: 12px 16px; }
  header h1 { font-size: 16px; margin: 0 0 8px; }
  header h1 small { font-size: 12px; font-weight: normal; opacity: 0.75; }
  header label { font-size: 13px; display: flex; gap: 8px; align-items: center; }
  header select, header input { font-size: 14px; padding: 4px; border-radius: 4px; border: 0; }
  .notice { background: #fff3c4; color: #5c4400; font-size: 13px; padding: 8px 16px; }
  #log { flex: 1; padding: 12px; display: flex; flex-direction: column; gap: 6px; overflow-y: auto; }
  .bubble { max-width: 80%; padding: 6px 10px; border-radius: 8px; white-space: pre-wrap; font-size: 14px; box-shadow: 0 1px 1px #0002; }
  .in { align-self: flex-end; background: #d9fdd3; }
  .out { align-self: flex-start; background: #fff; }
  .meta { display: block; font-size: 11px; color: #667781; margin-top: 2px; text-align: right; }
  .error { align-self: center; background: #fde2e1; color: #8a1c17; }
  .buttons { display: flex; gap: 6px; margin-top: 6px; }
  .list summary { margin-top: 6px; color: #008069; font-weight: 600; cursor: pointer; text-align: center; border-top: 1px solid #e9edef; padding-top: 6px; }
  .list button { display: block; width: 100%; text-align: left; border: 0; border-top: 1px solid #e9edef; background: #fff; padding: 6px; cursor: pointer; }
  .buttons button { flex: 1; border: 0; border-top: 1px solid #e9edef; background: #fff; color: #008069; font-weight: 600; padding: 6px; cursor: pointer; }
  form { display: flex; gap: 8px; padding: 10px; background: #f0f2f5; }
  form textarea { flex: 1; resize: none; border-radius: 18px; border: 0; padding: 10px 14px; font: inherit; }
  form button { border: 0; border-radius: 18px; background: #00a884; color: #fff; padding: 0 16px; font-weight: 600; cursor: pointer; }
  details { background: #fff; font-size: 13px; padding: 8px 16px; border-bottom: 1px solid #ddd; }
  details form { background: none; padding: 8px 0 0; flex-wrap: wrap; }
  details input { flex: 1; min-width: 120px; padding: 6px; border: 1px solid #ccc; border-radius: 4px; }
  #phrase { margin: 6px 0 0; font-family: monospace; }
  .bubble img { display: block; max-width: 200px; border-radius: 6px; margin-bottom: 4px; }
  .bubble audio { display: block; max-width: 240px; margin-bottom: 4px; }
  .attachment-name { display: block; font-size: 12px; color: #54656f; }
  #attach-bar { display: flex; gap: 8px; align-items: center; padding: 6px 10px 0; background: #f0f2f5; font-size: 13px; }
  #attach-bar select { flex: 1; font-size: 13px; padding: 4px; border-radius: 4px; border: 1px solid #ccc; }
  #attached { padding: 4px 10px 0; background: #f0f2f5; font-size: 12px; color: #54656f; }
</style>
</head>
<body>
<main>
  <header>
    <h1>WhatsApp simulator <small id="provider">via ${provider}</small></h1>
    <label>Write as
      <select id="phone">${phones.map((phone) => `<option value="${phone.number}">${phone.label} (${phone.number})</option>`).join('')}
        <option value="custom">another number…</option>
      </select>
      <input id="custom" placeholder="+4915100000000" hidden>
    </label>
    ${
      senders.length > 0
        ? `<label>Write to
      <select id="to">${senders.map((sender) => `<option value="${sender.number}">${sender.label} (${sender.number})</option>`).join('')}</select>
    </label>`
        : ''
    }
  </header>
  ${notice ? `<div class="notice" id="notice">${notice}</div>` : ''}
  ${
    canLink
      ? `<details id="linking">
    <summary>Link this phone to a demo account (what the community website does)</summary>
    <form id="link-form">
      <input id="email" type="email" value="ada@example.com" aria-label="Email">
      <input id="password" type="password" value="Demo-pass-2026!" aria-label="Password">
      <button type="submit">Get a linking phrase</button>
    </form>
    <p id="phrase"></p>
  </details>`
      : ''
  }
  <div id="log" aria-live="polite"></div>
  <div id="attach-bar">
    <label for="attach">Attach</label>
    <select id="attach" aria-label="Attach a voice note or picture">
      <option value="">nothing</option>
      ${samples.map((sample) => `<option value="${sample.name}">${sample.label}</option>`).join('')}
      <option value="file">a file of your own…</option>
    </select>
    <input id="attach-file" type="file" accept="audio/*,image/*,video/*,application/pdf" hidden>
  </div>
  <div id="attached" hidden></div>
  <form id="composer">
    <textarea id="body" rows="2" placeholder="Type a message (try HELP), or a caption"></textarea>
    <button type="submit">Send</button>
  </form>
</main>
<script>
  const phoneSelect = document.getElementById('phone');
  const custom = document.getElementById('custom');
  const log = document.getElementById('log');
  const phone = () => (phoneSelect.value === 'custom' ? custom.value.trim() : phoneSelect.value);
  phoneSelect.addEventListener('change', () => { custom.hidden = phoneSelect.value !== 'custom'; refresh(); });
  custom.addEventListener('change', refresh);

  let shown = '';
  async function refresh() {
    if (!/^\\+[1-9]\\d{6,14}$/.test(phone())) return;
    const response = await fetch('/simulator/messages?phone=' + encodeURIComponent(phone()));
    const { messages } = await response.json();
    const html = messages.map((m) => '<div class="bubble ' + m.direction + '"></div>').join('');
    const key = JSON.stringify(messages);
    if (key === shown) return;
    shown = key;
    log.innerHTML = html;
    [...log.children].forEach((bubble, i) => {
      // WhatsApp's *bold* and _italic_, rendered by the simulator from the escaped text.
      bubble.innerHTML = messages[i].html;
      // An attachment the member sent: the picture, or a player for the voice note, then its name.
      const attachment = messages[i].attachment;
      if (attachment) {
        const name = document.createElement('span');
        name.className = 'attachment-name';
        name.textContent = (attachment.contentType.startsWith('audio/') ? 'Voice note · ' : 'Attachment · ') + attachment.name;
        bubble.prepend(name);
        if (attachment.dataUrl && attachment.contentType.startsWith('image/')) {
          const img = document.createElement('img');
          img.src = attachment.dataUrl;
          img.alt = attachment.name;
          bubble.prepend(img);
        } else if (attachment.dataUrl && attachment.contentType.startsWith('audio/')) {
          const audio = document.createElement('audio');
          audio.controls = true;
          audio.src = attachment.dataUrl;
          bubble.prepend(audio);
        }
      }
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = new Date(messages[i].at).toLocaleTimeString() + (messages[i].status ? ' · ' + messages[i].status : '');
      bubble.appendChild(meta);
      const tapButton = (label, title) => {
        const tap = document.createElement('button');
        tap.type = 'button';
        tap.textContent = label;
        tap.addEventListener('click', async () => {
          await fetch('/simulator/tap', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ phone: phone(), sid: messages[i].sid, title }),
          });
          refresh();
        });
        return tap;
      };
      // A quick reply: its buttons, tapped the way Twilio posts a tap.
      if (messages[i].buttons) {
        const row = document.createElement('div');
        row.className = 'buttons';
        messages[i].buttons.forEach((button) => row.appendChild(tapButton(button.title, button.title)));
        bubble.appendChild(row);
      }
      // A list picker: its button opens the items; a pick is posted the way Twilio posts it.
      if (messages[i].list) {
        const list = document.createElement('details');
        list.className = 'list';
        const open = document.createElement('summary');
        open.textContent = '☰ ' + messages[i].list.button;
        list.appendChild(open);
        messages[i].list.items.forEach((item) => {
          list.appendChild(tapButton(item.title + (item.description ? ' — ' + item.description : ''), item.title));
        });
        bubble.appendChild(list);
      }
    });
    log.scrollTop = log.scrollHeight;
  }

  // What goes with the next message: a sample by name, or a file of the person's own.
  const attach = document.getElementById('attach');
  const attachFile = document.getElementById('attach-file');
  const attached = document.getElementById('attached');
  let media = null;
  const showAttached = (name) => { attached.hidden = !name; attached.textContent = name ? 'Attached: ' + name + ' (press Send; the text is its caption)' : ''; };
  attach.addEventListener('change', () => {
    if (attach.value === 'file') { attachFile.click(); return; }
    media = attach.value ? { sample: attach.value } : null;
    showAttached(attach.value && attach.options[attach.selectedIndex].text);
  });
  attachFile.addEventListener('change', async () => {
    const file = attachFile.files[0];
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    media = { name: file.name, contentType: file.type || 'application/octet-stream', base64: btoa(binary) };
    showAttached(file.name);
  });

  document.getElementById('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = document.getElementById('body');
    if (!body.value.trim() && !media) return;
    const response = await fetch('/simulator/send', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone: phone(), to: document.getElementById('to')?.value, body: body.value, media }),
    });
    const result = await response.json();
    if (!response.ok) alert(result.error);
    body.value = '';
    media = null;
    attach.value = '';
    attachFile.value = '';
    showAttached('');
    refresh();
  });
  document.getElementById('body').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); document.getElementById('composer').requestSubmit(); }
  });
  const linkForm = document.getElementById('link-form');
  if (linkForm) linkForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const response = await fetch('/simulator/link-code', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: document.getElementById('email').value, password: document.getElementById('password').value }),
    });
    const result = await response.json();
    const phrase = document.getElementById('phrase');
    if (!response.ok) { phrase.textContent = result.error; return; }
    phrase.textContent = result.code + ' (valid 5 minutes) — the WhatsApp link pre-filled the message box: press Send.';
    document.getElementById('body').value = result.text;
  });
  setInterval(refresh, 1000);
  refresh();
</script>
</body>
</html>`;
