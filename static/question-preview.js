// Live preview of the question editor (routes/courses/[slug]/questions/new and [id]): after a
// pause in typing, the form is posted to its "Preview" action and the preview region of the
// returned page replaces the current one. Without this file, the "Preview" button does the same.
(function () {
	'use strict';
	var form = document.querySelector('form[data-live-preview]');
	var region = document.getElementById('live-preview');
	if (!form || !region || !window.fetch || !window.FormData || !window.DOMParser) return;
	var url = form.getAttribute('data-live-preview');
	var timer = null;
	var seq = 0;
	function refresh() {
		timer = null;
		var mine = ++seq;
		fetch(url, {
			method: 'POST',
			body: new FormData(form),
			credentials: 'same-origin',
			headers: { accept: 'text/html' }
		})
			.then(function (res) {
				return res.text();
			})
			.then(function (html) {
				if (mine !== seq) return;
				var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('live-preview');
				if (fresh) region.innerHTML = fresh.innerHTML;
			})
			.catch(function () {});
	}
	function schedule() {
		if (timer) clearTimeout(timer);
		timer = setTimeout(refresh, 700);
	}
	form.addEventListener('input', schedule);
	form.addEventListener('change', schedule);
})();
