# Draws figures/final_discriminator_gan.png from data/final_discriminator_gan-mode_centres.tsv, data/final_discriminator_gan-samples_gan.tsv, data/final_discriminator_gan.tsv. Run from the lesson's output folder:
#   gnuplot plots/final_discriminator_gan.gp
set terminal pngcairo size 720,760 enhanced font "DejaVu Sans,12" linewidth 1.5
set output 'figures/final_discriminator_gan.png'
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
set xrange [-3.075:3.075]
set yrange [-3.075:3.075]
set cbrange [0.4041244761388098:0.5627921942026536]
set title 'The plain GAN'."'".'s discriminator and samples after the last update' noenhanced
plot 'data/final_discriminator_gan.tsv' using 'x':'y':'d' with image notitle, \
     'data/final_discriminator_gan-samples_gan.tsv' using 'x':'y' with points ls 1 title 'plain GAN samples', \
     'data/final_discriminator_gan-mode_centres.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb "#ff1493" title 'mode centres'
