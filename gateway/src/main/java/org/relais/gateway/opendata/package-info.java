/** The open-data feed: the board in HSDS 3.1, without confidential addresses. */
package org.relais.gateway.opendata;
