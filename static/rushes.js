// The rushes log in the media editor (Annotations.svelte). Without this file, editors type the
// start and end of a note; with it, "Mark the start/end" buttons and the i / o keys (while the
// player or the note's section has focus, outside text fields) copy the player's current time.
(function () {
	'use strict';
	function format(seconds) {
		var tenths = Math.max(0, Math.round(seconds * 10));
		var h = Math.floor(tenths / 36000);
		var m = Math.floor(tenths / 600) % 60;
		var s = Math.floor(tenths / 10) % 60;
		var f = tenths % 10;
		var ss = (s < 10 ? '0' : '') + s + (f ? '.' + f : '');
		return h ? h + ':' + (m < 10 ? '0' : '') + m + ':' + ss : m + ':' + ss;
	}
	var sections = Array.prototype.slice.call(document.querySelectorAll('[data-annotate]'));
	var lastForm = null; // the note form last focused
	function player(section) {
		return section.querySelector('[data-annotate-player]');
	}
	function mark(form, which) {
		var section = form.closest('[data-annotate]');
		var el = section && player(section);
		var input = form.querySelector('input[name="' + which + '"]');
		if (!el || !input) return;
		input.value = format(el.currentTime);
		var button = form.querySelector('button[data-mark="' + which + '"]');
		var status = section.querySelector('[data-mark-status]');
		if (status) status.textContent = (button ? button.textContent : which) + ' — ' + input.value;
	}
	sections.forEach(function (section) {
		if (!player(section)) return;
		var buttons = section.querySelectorAll('button[data-mark]');
		for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
		section.addEventListener('focusin', function (event) {
			var form = event.target instanceof Element && event.target.closest('form[data-annotate-form]');
			if (form) lastForm = form;
		});
	});
	document.addEventListener('click', function (event) {
		var button = event.target instanceof Element && event.target.closest('button[data-mark]');
		if (!button) return;
		event.preventDefault();
		mark(button.closest('form'), button.getAttribute('data-mark'));
	});
	// Single-key shortcuts act only while focus is in the note's section (WCAG 2.1.4), and
	// never in a text field, where i and o are letters.
	document.addEventListener('keydown', function (event) {
		if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
		var key = event.key && event.key.toLowerCase();
		if (key !== 'i' && key !== 'o') return;
		var target = event.target;
		if (!(target instanceof Element) || target.closest('input, textarea, select, [contenteditable]')) return;
		var section = target.closest('[data-annotate]');
		if (!section || !player(section)) return;
		var form =
			lastForm && section.contains(lastForm) && !lastForm.closest('details:not([open])')
				? lastForm
				: section.querySelector('form[data-annotate-form]');
		if (!form) return;
		event.preventDefault();
		mark(form, key === 'i' ? 'start' : 'end');
	});
})();
