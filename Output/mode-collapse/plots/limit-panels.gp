# Draws figures/limit-panels.png from data/limit-panels-arrows.tsv, data/limit-panels-discriminator.tsv, data/limit-panels-mode_centres.tsv, data/limit-panels-snapshots.tsv. Run from the lesson's output folder:
#   gnuplot plots/limit-panels.gp
set terminal pngcairo size 1260,730 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/limit-panels.png'
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
set cblabel 'D(x), frozen' noenhanced
set autoscale fix
set xrange [-3.05:3.05]
set yrange [-3.05:3.05]
set cbrange [2.6062616939050397e-10:0.9427282356281622]
unset key
set multiplot layout 2,3 title 'A generator alone against a frozen discriminator' noenhanced
set title 'step = 0' noenhanced
plot 'data/limit-panels-discriminator.tsv' using 'x':'y':'d' with image notitle, \
     'data/limit-panels-snapshots.tsv' every ::0::199 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/limit-panels-arrows.tsv' every ::0::47 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/limit-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
unset key
unset colorbox
set title 'step = 500' noenhanced
plot 'data/limit-panels-discriminator.tsv' using 'x':'y':'d' with image notitle, \
     'data/limit-panels-snapshots.tsv' every ::200::399 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/limit-panels-arrows.tsv' every ::48::95 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/limit-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'step = 1000' noenhanced
plot 'data/limit-panels-discriminator.tsv' using 'x':'y':'d' with image notitle, \
     'data/limit-panels-snapshots.tsv' every ::400::599 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/limit-panels-arrows.tsv' every ::96::143 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/limit-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'step = 1500' noenhanced
plot 'data/limit-panels-discriminator.tsv' using 'x':'y':'d' with image notitle, \
     'data/limit-panels-snapshots.tsv' every ::600::799 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/limit-panels-arrows.tsv' every ::144::191 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/limit-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
set title 'step = 2000' noenhanced
plot 'data/limit-panels-discriminator.tsv' using 'x':'y':'d' with image notitle, \
     'data/limit-panels-snapshots.tsv' every ::800::999 using 'x':'y' with points ls 1 title 'G(z)', \
     'data/limit-panels-arrows.tsv' every ::192::239 using 'x':'y':'dx':'dy' with vectors head filled size screen 0.008,25 lw 1.2 lc rgb "#000000" title 'where G moves its samples', \
     'data/limit-panels-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
unset multiplot
