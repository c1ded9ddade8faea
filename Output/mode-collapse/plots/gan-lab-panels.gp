# Draws figures/gan-lab-panels.png from data/gan-lab-panels-arrows_gan.tsv, data/gan-lab-panels-discriminator_gan.tsv, data/gan-lab-panels-mode_centres.tsv, data/gan-lab-panels-snapshots_gan.tsv. Run from the lesson's output folder:
#   gnuplot plots/gan-lab-panels.gp
set terminal pngcairo size 1260,730 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/gan-lab-panels.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced inside top right vertical opaque Left reverse
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
set xlabel 'x' noenhanced
set ylabel 'y' noenhanced
set size ratio -1
set style line 1 lc rgb "#D55E00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 2 lc rgb "#009E73" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 3 lc rgb "#CC79A7" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 4 lc rgb "#E69F00" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 5 lc rgb "#56B4E9" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 6 lc rgb "#000000" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set style line 7 lc rgb "#F0E442" lt 1 lw 1.5 dt 1 pt 7 ps 0.5
set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
set cblabel 'D(x)' noenhanced
set autoscale fix
set xrange [-5.596678745221746:3.487937083105797]
set yrange [-4.405610979463759:4.679004848863784]
set cbrange [0.4041244761388098:0.6261486923461138]
unset key
set multiplot layout 2,3 title 'Plain GAN' noenhanced
set title 'step = 0' noenhanced
plot 'data/gan-lab-panels-discriminator_gan.tsv' every ::0::1680 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-panels-snapshots_gan.tsv' every ::0::499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-panels-arrows_gan.tsv' every ::0::47 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves', \
     'data/gan-lab-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
unset key
unset colorbox
set title 'step = 1000' noenhanced
plot 'data/gan-lab-panels-discriminator_gan.tsv' every ::1681::3361 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-panels-snapshots_gan.tsv' every ::500::999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-panels-arrows_gan.tsv' every ::48::95 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves', \
     'data/gan-lab-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'step = 2000' noenhanced
plot 'data/gan-lab-panels-discriminator_gan.tsv' every ::3362::5042 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-panels-snapshots_gan.tsv' every ::1000::1499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-panels-arrows_gan.tsv' every ::96::143 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves', \
     'data/gan-lab-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'step = 3000' noenhanced
plot 'data/gan-lab-panels-discriminator_gan.tsv' every ::5043::6723 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-panels-snapshots_gan.tsv' every ::1500::1999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-panels-arrows_gan.tsv' every ::144::191 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves', \
     'data/gan-lab-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'step = 4000' noenhanced
plot 'data/gan-lab-panels-discriminator_gan.tsv' every ::6724::8404 using 'x':'y':'d' with image notitle, \
     'data/gan-lab-panels-snapshots_gan.tsv' every ::2000::2499 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/gan-lab-panels-arrows_gan.tsv' every ::192::239 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves', \
     'data/gan-lab-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
unset multiplot
