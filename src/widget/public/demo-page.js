// The partner's own buttons open the assistant through the element's API (show()), once widget.js
// (loaded async) has defined it.
for (const button of document.querySelectorAll('[data-open-assistant]')) {
  button.addEventListener('click', async () => {
    await customElements.whenDefined('sip-qa-widget');
    document.querySelector('sip-qa-widget')?.show();
  });
}
