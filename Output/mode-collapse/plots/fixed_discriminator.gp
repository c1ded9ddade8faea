# Draws figures/fixed_discriminator.png from data/fixed_discriminator-discriminator.tsv, data/fixed_discriminator-mode_centres.tsv. Run from the lesson's output folder:
#   gnuplot plots/fixed_discriminator.gp
set terminal pngcairo size 720,760 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/fixed_discriminator.png'
set datafile separator tab
set border 3 lc rgb "#444444"
set tics nomirror out
set grid lc rgb "#e0e0e0" lw 1
set key noenhanced outside center bottom horizontal Left reverse
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
set xrange [-3.05:3.05]
set yrange [-3.05:3.05]
set cbrange [2.6062616939050397e-10:0.9427282356281622]
set title 'The fixed discriminator' noenhanced
plot 'data/fixed_discriminator-discriminator.tsv' using 'x':'y':'d' with image notitle, \
     'data/fixed_discriminator-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
