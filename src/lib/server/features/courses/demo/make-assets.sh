#!/bin/sh
# Builds the demo course's short video: three coloured title cards (5 s each) with a quiet tone.
set -e
# Usage: sh make-assets.sh [output folder] (needs ffmpeg with libx264 and the DejaVu fonts).
OUT=${1:-.}
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FONT2=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
card() { # colour, title, subtitle, seconds
	printf "color=c=%s:s=640x360:d=5:r=12,drawtext=fontfile=%s:text='%s':fontcolor=white:fontsize=38:x=(w-tw)/2:y=(h/2)-50,drawtext=fontfile=%s:text='%s':fontcolor=white:fontsize=24:x=(w-tw)/2:y=(h/2)+20" "$1" "$FONT" "$2" "$FONT2" "$3"
}
ffmpeg -hide_banner -loglevel error -y \
	-f lavfi -i "$(card '#1d4f91' 'Héberger ses services' 'Pourquoi reprendre la main ?')" \
	-f lavfi -i "$(card '#2e6b3a' 'Les hébergeurs associatifs' 'Des logiciels libres, près de chez vous')" \
	-f lavfi -i "$(card '#7a3b69' 'Migrer pas à pas' 'Un outil à la fois, avec des relais')" \
	-f lavfi -i "sine=frequency=330:sample_rate=44100:duration=15,volume=0.08" \
	-filter_complex "[0:v][1:v][2:v]concat=n=3:v=1:a=0[v]" -map "[v]" -map 3:a \
	-c:v libx264 -profile:v main -pix_fmt yuv420p -crf 30 -preset slow -tune stillimage \
	-c:a aac -b:a 48k -movflags +faststart "$OUT/video.mp4"
ffmpeg -hide_banner -loglevel error -y -ss 1 -i "$OUT/video.mp4" -frames:v 1 -q:v 5 "$OUT/poster.jpg"
# The speaker's avatar: initials on a plain background (a fictional person, no photo).
ffmpeg -hide_banner -loglevel error -y -f lavfi \
	-i "color=c=#0f6b6b:s=256x256:d=1,drawtext=fontfile=$FONT:text='CM':fontcolor=white:fontsize=96:x=(w-tw)/2:y=(h-th)/2" \
	-frames:v 1 "$OUT/speaker.png"
