// Progressive enhancement of the lesson player (MediaPlayer.svelte). Without this file, a
// chapter or transcript link reloads the page with the media starting at that moment; with
// it, the link seeks the player in place and the transcript follows the playback.
(function () {
	'use strict';
	function media(id) {
		var frame = document.getElementById(id);
		return frame && frame.querySelector('video[data-player], audio[data-player]');
	}
	document.addEventListener('click', function (event) {
		var link = event.target instanceof Element && event.target.closest('a[data-seek][data-player]');
		if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
		var el = media(link.getAttribute('data-player'));
		var time = Number(link.getAttribute('data-seek'));
		if (!el || !isFinite(time)) return;
		event.preventDefault();
		el.currentTime = time;
		var played = el.play();
		if (played && played.catch) played.catch(function () {});
		el.focus();
	});
	// The paragraph being spoken is marked (aria-current) so it can be styled and found.
	function follow(el, section) {
		var paragraphs = Array.prototype.slice.call(section.querySelectorAll('.media-transcript p[data-start]'));
		if (!paragraphs.length) return;
		var current = null;
		el.addEventListener('timeupdate', function () {
			var now = el.currentTime;
			var found = null;
			for (var i = 0; i < paragraphs.length; i++) {
				if (Number(paragraphs[i].getAttribute('data-start')) <= now) found = paragraphs[i];
				else break;
			}
			if (found === current) return;
			if (current) current.removeAttribute('aria-current');
			if (found) found.setAttribute('aria-current', 'true');
			current = found;
		});
	}
	var sections = document.querySelectorAll('.media-player');
	for (var i = 0; i < sections.length; i++) {
		var el = sections[i].querySelector('video[data-player], audio[data-player]');
		if (el) {
			el.setAttribute('tabindex', '-1');
			follow(el, sections[i]);
		}
	}
	// Clips (features/media/clips.ts): the media fragment starts at the clip; stop at its end
	// and offer to replay it.
	function clip(el) {
		var start = Number(el.getAttribute('data-clip-start'));
		var end = Number(el.getAttribute('data-clip-end'));
		var replay = el.parentNode.querySelector('[data-clip-replay]');
		if (!isFinite(start) || !isFinite(end) || end <= start) return;
		var before = start;
		el.addEventListener('loadedmetadata', function () {
			if (el.currentTime < start) el.currentTime = start;
		});
		el.addEventListener('timeupdate', function () {
			var now = el.currentTime;
			if (before < end && now >= end && !el.paused) {
				el.pause();
			}
			before = now;
		});
		if (replay) replay.hidden = false;
		if (replay)
			replay.addEventListener('click', function () {
				el.currentTime = start;
				before = start;
				var played = el.play();
				if (played && played.catch) played.catch(function () {});
			});
	}
	var clips = document.querySelectorAll('video[data-clip-start], audio[data-clip-start]');
	for (var j = 0; j < clips.length; j++) clip(clips[j]);
})();
