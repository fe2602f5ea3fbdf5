// Progressive enhancement of a quiz attempt (routes/courses/[slug]/attempts/[attemptId]): each
// change is posted to the save endpoint (debounced), and once more when the page is left. Without
// this file, the "Save" button and page buttons post the same fields.
(function () {
	'use strict';
	var form = document.querySelector('form[data-autosave]');
	if (!form || !window.fetch || !window.FormData) return;
	var url = form.getAttribute('data-autosave');
	var status = form.querySelector('[data-save-status]');
	var timer = null;
	var dirty = false;
	function say(text) {
		if (status) status.textContent = text;
	}
	function save() {
		timer = null;
		if (!dirty) return;
		dirty = false;
		say(form.getAttribute('data-saving'));
		fetch(url, {
			method: 'POST',
			body: new FormData(form),
			credentials: 'same-origin',
			headers: { accept: 'application/json' }
		})
			.then(function (res) {
				return res.json().then(function (body) {
					if (body && body.ok) say(form.getAttribute('data-saved'));
					else say((body && body.message) || form.getAttribute('data-failed'));
				});
			})
			.catch(function () {
				dirty = true;
				say(form.getAttribute('data-failed'));
			});
	}
	function changed() {
		dirty = true;
		if (timer) clearTimeout(timer);
		timer = setTimeout(save, 800);
	}
	form.addEventListener('input', changed);
	form.addEventListener('change', changed);
	// Leaving the page (or hiding it on a phone): send what is pending without waiting.
	function flush() {
		if (!dirty) return;
		if (navigator.sendBeacon && navigator.sendBeacon(url, new FormData(form))) dirty = false;
		else save();
	}
	document.addEventListener('visibilitychange', function () {
		if (document.visibilityState === 'hidden') flush();
	});
	window.addEventListener('pagehide', flush);
	// A form submission already carries every field.
	form.addEventListener('submit', function () {
		dirty = false;
		if (timer) clearTimeout(timer);
	});
	window.addEventListener('online', function () {
		if (dirty) save();
	});
	// A time limit: show the time left; at the deadline, submit what is on the page (the server
	// still accepts it for a few seconds, then refuses anything later).
	var deadline = Date.parse(form.getAttribute('data-deadline') || '');
	var countdown = form.querySelector('[data-countdown]');
	if (countdown && isFinite(deadline)) {
		var template = form.getAttribute('data-remaining') || '{time}';
		var submitted = false;
		var tick = function () {
			var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
			var m = Math.floor(left / 60);
			var s = left % 60;
			countdown.textContent = template.replace('{time}', m + ':' + (s < 10 ? '0' : '') + s);
			if (left === 0 && !submitted) {
				submitted = true;
				var button = form.querySelector('button[formaction="?/submit"]');
				if (button && form.requestSubmit) form.requestSubmit(button);
			}
		};
		countdown.hidden = false;
		tick();
		setInterval(tick, 1000);
	}
})();
